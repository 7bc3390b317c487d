//! Where the window may go: only Mend's own pages.
//!
//! The page is Mend's screens, served by Tauri from the app itself (`tauri://localhost` on
//! Linux and macOS, `http://tauri.localhost` on Windows). Anything that would take the window
//! elsewhere (a link to a web site, `location.href = …`, a form posted to another address, a
//! `file:` or `data:` page) is refused: the window stays on Mend, and the attempt is logged.
//! Nothing is handed to the system browser, since Mend's screens link to no web site. The
//! content security policy in `tauri.conf.json` (`form-action 'none'`) stops form posts
//! before they get this far.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// Whether the window may show `url`: one of Mend's own pages (any path or `#/screen`).
pub fn is_own_page(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("");
    match url.scheme() {
        "tauri" => host == "localhost",
        "http" | "https" => host == "tauri.localhost" && url.port().is_none(),
        _ => false,
    }
}

/// The plugin that holds every webview of the app to [`is_own_page`].
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("mend-navigation")
        .on_navigation(|_webview, url| {
            let own = is_own_page(url);
            if !own {
                log::warn!("the window was kept from leaving Mend for {url}");
            }
            own
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::is_own_page;

    fn allowed(url: &str) -> bool {
        is_own_page(&url.parse().unwrap())
    }

    #[test]
    fn mends_own_pages_and_screens_are_allowed() {
        for url in [
            "tauri://localhost",
            "tauri://localhost/",
            "tauri://localhost/index.html#/today",
            "tauri://localhost/#/incidents/42",
            "http://tauri.localhost/#/settings",
            "https://tauri.localhost/index.html",
        ] {
            assert!(allowed(url), "{url}");
        }
    }

    #[test]
    fn any_other_address_is_refused() {
        for url in [
            "https://example.com",
            "http://example.com/tauri://localhost",
            "https://localhost/",
            "http://tauri.localhost.example.com/",
            "http://tauri.localhost:8080/",
            "tauri://example.com/",
            "tauri://localhost.evil/",
            "file:///etc/passwd",
            "data:text/html,<script>1</script>",
            "javascript:alert(1)",
            "about:blank",
            "mailto:ana@example.com",
            "tel:+441234",
            "ipc://localhost/get_today",
            "https://user@tauri.localhost.evil.com/",
        ] {
            assert!(!allowed(url), "{url}");
        }
    }
}
