//! The core's layers hold: no module imports one above it, and no two modules import each
//! other, directly or round a circle. The compiler keeps Tauri out of the core (it is not a
//! dependency); this keeps the order inside it: domain ← tables ← pages ← files Mend reads and
//! writes ← the app's state.
//!
//! Read from the sources: a module uses another when it names it in a path (`super::x`,
//! `crate::domain::x`, `crate::store::x`) or, inside the store, when it calls a `Store` method
//! that the other module defines (`self.incident(..)` uses `incident_page`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layer of each module, lowest first; a module may use its own layer and those below.
const LAYERS: &[(&str, &[&str])] = &[
    ("base", &["error", "config"]),
    (
        "domain",
        &[
            "domain/validate",
            "domain/clock",
            "domain/settings",
            "domain/templates",
            "domain/contact",
            "domain/customer",
            "domain/breakdown",
            "domain/incident",
            "domain/advisor",
            "domain/value",
            "domain/tuning",
            "domain/gesture",
            "domain/checklist",
            "domain/playbook",
            "domain/recovery",
            "domain/schedule",
            "domain/period",
            "domain/rotation",
            "domain/ics",
            "domain/customer_import",
            "domain/duplicates",
            "domain/sample",
        ],
    ),
    ("database", &["db", "db/schema"]),
    ("store base", &["store/base"]),
    (
        "tables",
        &[
            "store/staff",
            "store/categories",
            "store/settings",
            "store/customers",
            "store/playbooks",
            "store/checklist",
            "store/gestures",
            "store/calls",
            "store/incidents",
            "store/merge",
        ],
    ),
    (
        "pages",
        &[
            "store/advice",
            "store/contact",
            "store/incident_page",
            "store/customer_card",
            "store/today",
            "store/insights",
            "store/ledger",
        ],
    ),
    ("files", &["store/export", "store/import", "store/sample", "store/backup", "store/plans"]),
    ("app state", &["state"]),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every module's name ("store/incidents", "domain/customer_import") and its source text
/// (a folder module's files joined).
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&src(), &mut files);
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(src()).unwrap().with_extension("");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel == "lib" || rel == "store/mod" || rel == "domain/mod" {
            continue; // the crate's and folders' lists of modules, not code
        }
        // A module of two levels (domain/customer_import/decode) belongs to its folder module.
        let parts: Vec<&str> = rel.split('/').collect();
        let name = match parts.as_slice() {
            [dir, sub, ..] if *sub != "mod" && parts.len() > 2 => format!("{dir}/{sub}"),
            [dir, "mod"] => dir.to_string(),
            _ => rel.trim_end_matches("/mod").to_string(),
        };
        let text = std::fs::read_to_string(&file).unwrap();
        // Tests may reach anywhere: only the code that ships is held to the layers.
        let code = match text.find("#[cfg(test)]") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        out.entry(name).or_default().push_str(&code);
    }
    out
}

/// The modules each module uses.
fn uses(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    // Which store module defines each `Store` method.
    let mut defined_in: BTreeMap<String, String> = BTreeMap::new();
    for (name, text) in modules.iter().filter(|(n, _)| n.starts_with("store/")) {
        for line in text.lines() {
            let line = line.trim_start();
            for prefix in ["pub fn ", "pub(crate) fn ", "pub(super) fn ", "fn "] {
                if let Some(rest) = line.strip_prefix(prefix) {
                    if line.contains("&self") || line.contains("&mut self") || text_after_has_self(text, rest) {
                        let method: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        defined_in.entry(method).or_insert_with(|| name.clone());
                    }
                }
            }
        }
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, text) in modules {
        let mut to = BTreeSet::new();
        let dir = name.split('/').next().unwrap();
        for (needle, scope) in
            [("super::", dir), ("crate::domain::", "domain"), ("crate::store::", "store"), ("crate::db::", "db")]
        {
            for (i, _) in text.match_indices(needle) {
                let ident: String =
                    text[i + needle.len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                let target =
                    if needle == "super::" && !name.contains('/') { ident.clone() } else { format!("{scope}/{ident}") };
                if modules.contains_key(&target) && target != *name {
                    to.insert(target);
                }
            }
        }
        for top in ["crate::error", "crate::config", "crate::state"] {
            if text.contains(top) {
                to.insert(top.trim_start_matches("crate::").to_string());
            }
        }
        if text.contains("crate::db") && name != "db" {
            to.insert("db".to_string());
        }
        if name.starts_with("store/") {
            for (i, _) in text.match_indices("self.") {
                let method: String = text[i + 5..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if text[i + 5 + method.len()..].starts_with('(') {
                    if let Some(owner) = defined_in.get(&method) {
                        if owner != name {
                            to.insert(owner.clone());
                        }
                    }
                }
            }
        }
        graph.insert(name.clone(), to);
    }
    graph
}

/// Whether the function whose signature starts with `rest` takes `self` on a later line.
fn text_after_has_self(text: &str, rest: &str) -> bool {
    let Some(i) = text.find(rest) else { return false };
    let sig = &text[i..text[i..].find('{').map(|j| i + j).unwrap_or(text.len())];
    sig.contains("&self") || sig.contains("&mut self")
}

fn layer_of(name: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, members)| members.contains(&name))
}

#[test]
fn every_module_has_a_layer() {
    let modules = modules();
    let missing: Vec<&String> = modules.keys().filter(|m| layer_of(m).is_none()).collect();
    assert!(missing.is_empty(), "modules with no layer in tests/store/layers.rs: {missing:?}");
}

#[test]
fn no_module_uses_one_above_it() {
    let graph = uses(&modules());
    let mut wrong = Vec::new();
    for (from, tos) in &graph {
        for to in tos {
            if let (Some(a), Some(b)) = (layer_of(from), layer_of(to)) {
                if b > a {
                    wrong.push(format!("{from} ({}) uses {to} ({})", LAYERS[a].0, LAYERS[b].0));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "steps up the layers:\n{}", wrong.join("\n"));
}

#[test]
fn no_import_circles() {
    let graph = uses(&modules());
    // Depth-first search for a back edge; report the circle found.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|n| n == node) {
            let mut circle = stack[i..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(circle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            panic!("an import circle: {}", circle.join(" → "));
        }
    }
}

#[test]
fn the_checker_sees_a_circle() {
    // The checker itself, on a made-up pair that import each other.
    let mut modules = BTreeMap::new();
    modules.insert("store/a".to_string(), "use super::b::X;".to_string());
    modules.insert("store/b".to_string(), "use super::a::Y;".to_string());
    let graph = uses(&modules);
    assert!(graph["store/a"].contains("store/b") && graph["store/b"].contains("store/a"));
}
