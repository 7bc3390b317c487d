//! The `mend` executable: opens the Mend window, or, with
//! `--generate-sample <N>`, fills a database with sample data and exits.

// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "Usage: mend --generate-sample <N> [--seed <S>] [--data-dir <folder>]\n\
    N is the number of incidents, from 1 to 1000000; the seed defaults to 1.";

/// What the command line asked for.
#[derive(Debug, PartialEq)]
struct SampleArgs {
    incidents: usize,
    seed: u64,
    dir: PathBuf,
}

/// Reads `--generate-sample` arguments; `Ok(None)` when not asked for.
fn parse_sample_args(args: &[OsString], env_dir: Option<OsString>) -> Result<Option<SampleArgs>, String> {
    let text: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let value_of = |flag: &str| -> Result<Option<String>, String> {
        for (i, a) in text.iter().enumerate() {
            if a == flag {
                return text.get(i + 1).cloned().map(Some).ok_or_else(|| format!("{flag} needs a value."));
            }
            if let Some(v) = a.strip_prefix(&format!("{flag}=")) {
                return Ok(Some(v.to_string()));
            }
        }
        Ok(None)
    };
    let Some(n) = value_of("--generate-sample")? else { return Ok(None) };
    let incidents = match n.trim().replace(['_', ','], "").parse::<usize>() {
        Ok(n) if (1..=mend::domain::sample::MAX_INCIDENTS).contains(&n) => n,
        _ => return Err(format!("The number of incidents must be from 1 to 1000000 (got \"{n}\").")),
    };
    let seed = match value_of("--seed")? {
        Some(s) => s.trim().parse::<u64>().map_err(|_| format!("The seed must be a whole number (got \"{s}\")."))?,
        None => 1,
    };
    let dir = mend::config::data_dir_override(args.iter().cloned(), env_dir)
        .ok_or_else(|| "Give --data-dir <folder> for the sample database.".to_string())?;
    Ok(Some(SampleArgs { incidents, seed, dir }))
}

fn generate(args: &SampleArgs) -> Result<String, String> {
    std::fs::create_dir_all(&args.dir).map_err(|e| format!("Can't create the folder {}: {e}", args.dir.display()))?;
    let path = args.dir.join(mend::db::DB_FILE);
    let mut store = mend::store::Store::open(&path).map_err(|e| e.to_string())?;
    // MEND_NOW fixes "now" exactly, so the same seed gives the same data.
    let now = std::env::var(mend::config::NOW_ENV)
        .ok()
        .and_then(|v| chrono::DateTime::parse_from_rfc3339(v.trim()).ok())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_else(chrono::Utc::now);
    let r = store.generate_sample(args.incidents, args.seed, now).map_err(|e| e.to_string())?;
    Ok(format!(
        "Generated {} incidents, {} customers, {} gestures, {} promises, {} follow-up calls in {:.1} s into {}",
        r.incidents,
        r.customers,
        r.gestures,
        r.promises,
        r.follow_ups,
        r.seconds,
        path.display()
    ))
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if !args.iter().any(|a| a.to_string_lossy().starts_with("--generate-sample")) {
        mend::run();
        return ExitCode::SUCCESS;
    }
    let outcome = parse_sample_args(&args, std::env::var_os(mend::config::DATA_DIR_ENV))
        .and_then(|parsed| generate(&parsed.expect("asked for a sample")));
    match outcome {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            // The answer to the person who typed the command, not a log entry.
            eprintln!("{message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn sample_arguments_are_read() {
        let parsed =
            parse_sample_args(&args(&["--generate-sample", "500", "--seed", "7", "--data-dir", "/tmp/x"]), None);
        assert_eq!(parsed, Ok(Some(SampleArgs { incidents: 500, seed: 7, dir: PathBuf::from("/tmp/x") })));
        let env = parse_sample_args(&args(&["--generate-sample=10"]), Some("/tmp/e".into())).unwrap().unwrap();
        assert_eq!((env.incidents, env.seed, env.dir), (10, 1, PathBuf::from("/tmp/e")));
        assert_eq!(parse_sample_args(&args(&["--other"]), None), Ok(None));
    }

    #[test]
    fn bad_sample_arguments_are_refused_in_plain_words() {
        let no_dir = parse_sample_args(&args(&["--generate-sample", "5"]), None).unwrap_err();
        assert_eq!(no_dir, "Give --data-dir <folder> for the sample database.");
        for n in ["0", "1000001", "many", "-3"] {
            let err = parse_sample_args(&args(&["--generate-sample", n, "--data-dir", "/tmp/x"]), None).unwrap_err();
            assert!(err.contains("from 1 to 1000000"), "{err}");
        }
        assert!(parse_sample_args(&args(&["--generate-sample"]), None).unwrap_err().contains("needs a value"));
        let seed = parse_sample_args(&args(&["--generate-sample", "5", "--seed", "x", "--data-dir", "/d"]), None);
        assert!(seed.unwrap_err().contains("seed"));
    }
}
