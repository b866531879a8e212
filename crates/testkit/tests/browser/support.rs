//! What every walk in the browser needs: ChromeDriver and a Chromium, and the checkers that each page a walk
//! visits must pass (axe-core in the browser, the Nu HTML Checker over its source).

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use secretariat_testkit::{TestApp, PASSWORD};

pub struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn chromedriver() -> Option<Driver> {
    let path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
    match Command::new(&path).arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()).spawn() {
        Ok(child) => Some(Driver { child, url: format!("http://127.0.0.1:{port}") }),
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("ChromeDriver is mandatory under CI=true, but {path} does not start: {e}");
            }
            eprintln!("notice: ChromeDriver ({path}) does not start ({e}); the browser suite is skipped");
            None
        }
    }
}

/// A Chromium on a phone-sized window, in English.
pub async fn browser(driver: &Driver) -> Client {
    connect(driver, serde_json::json!({})).await
}

/// The same with JavaScript turned off: what a page does without htmx.
pub async fn browser_without_script(driver: &Driver) -> Client {
    connect(driver, serde_json::json!({"profile.managed_default_content_settings.javascript": 2})).await
}

async fn connect(driver: &Driver, prefs: serde_json::Value) -> Client {
    let mut caps = serde_json::Map::new();
    let binary = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": binary,
            "prefs": prefs,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=412,915", "--lang=en-GB"]
        }),
    );
    for _ in 0..50 {
        if let Ok(client) = ClientBuilder::rustls().expect("tls").capabilities(caps.clone()).connect(&driver.url).await
        {
            return client;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("ChromeDriver at {} did not answer", driver.url);
}

/// Signs in through the form, from the page `back`, and returns there.
pub async fn sign_in(client: &Client, app: &TestApp, username: &str, back: &str) {
    client.goto(&format!("{}{back}", app.address)).await.unwrap();
    client.find(Locator::Css("header .account a")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Id("username")).await.unwrap();
    client.find(Locator::Id("username")).await.unwrap().send_keys(username).await.unwrap();
    client.find(Locator::Id("password")).await.unwrap().send_keys(PASSWORD).await.unwrap();
    client.find(Locator::Css("form.stack button")).await.unwrap().click().await.unwrap();
    let signed_in = format!("//*[contains(., 'Signed in as {username}')]");
    client.wait().for_element(Locator::XPath(&signed_in)).await.unwrap();
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), back.split('?').next().unwrap(), "signing in returns to the page it came from");
}

pub async fn text(client: &Client, css: &str) -> String {
    client.find(Locator::Css(css)).await.unwrap().text().await.unwrap()
}

/// A path from an environment variable that CI must provide, or `None` (with a notice) elsewhere.
pub fn tool(var: &str, what: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(path) if std::path::Path::new(&path).exists() => Some(path),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => panic!("{what} is mandatory under CI=true: set {var}"),
        _ => {
            eprintln!("notice: {var} is not set; the {what} check is skipped (`.ci/run` installs it from npm)");
            None
        }
    }
}

/// Runs axe-core on the page the browser shows; returns its violations, one line each.
async fn axe_run(client: &Client, axe: &str) -> Vec<String> {
    client.execute(axe, vec![]).await.unwrap();
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] })
                .then(r => done({ passes: r.passes.length,
                                  violations: r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', ')) }));",
            vec![],
        )
        .await
        .unwrap();
    let url = client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
    assert!(found["passes"].as_u64().unwrap_or(0) > 10, "axe-core ran its rules on {url}: {found}");
    found["violations"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|v| format!("{url}: {}", v.as_str().unwrap_or_default()))
        .collect()
}

/// The checkers over a walk: each page it visits (as the browser shows it, signed in or not, after any form) is
/// checked by axe-core at once and kept for the Nu HTML Checker, which runs once at the end of the walk.
pub struct Checks {
    axe: Option<String>,
    vnu: Option<String>,
    sources: Vec<(String, String)>,
    failures: Vec<String>,
}

impl Checks {
    /// Both checkers, mandatory under `CI=true`.
    pub fn new() -> Self {
        let axe = tool("AXE_CORE_JS", "axe-core").map(|p| std::fs::read_to_string(p).unwrap());
        Self { axe, vnu: tool("VNU_JAR", "Nu HTML Checker"), sources: Vec::new(), failures: Vec::new() }
    }

    /// Checks the page the browser shows now.
    pub async fn page(&mut self, client: &Client) {
        if let Some(axe) = &self.axe {
            self.failures.extend(axe_run(client, axe).await);
        }
        let url = client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        self.sources.push((url, client.source().await.unwrap()));
    }

    /// Runs the Nu HTML Checker over every page kept, and fails with everything either checker found.
    pub fn finish(mut self) {
        if let (Some(vnu), false) = (&self.vnu, self.sources.is_empty()) {
            let dir = std::env::temp_dir().join(format!("secretariat-walk-{}-{}", std::process::id(), rand_suffix()));
            std::fs::create_dir_all(&dir).unwrap();
            let mut files = Vec::new();
            for (i, (url, html)) in self.sources.iter().enumerate() {
                let file = dir.join(format!("page-{i}.html"));
                // The browser's serialisation of the DOM, with its doctype back.
                std::fs::write(&file, format!("<!DOCTYPE html>\n{html}")).unwrap();
                files.push((file, url.clone()));
            }
            let out = Command::new("java")
                .arg("-jar")
                .arg(vnu)
                .arg("--errors-only")
                .args(files.iter().map(|(f, _)| f))
                .output()
                .unwrap();
            let mut report = String::from_utf8_lossy(&out.stderr).into_owned();
            for (file, url) in &files {
                report = report.replace(&format!("file:{}", file.display()), url);
            }
            let _ = std::fs::remove_dir_all(&dir);
            if !out.status.success() || !report.trim().is_empty() {
                self.failures.push(format!("the Nu HTML Checker found:\n{report}"));
            }
        }
        assert!(self.failures.is_empty(), "{} pages checked:\n{}", self.sources.len(), self.failures.join("\n"));
    }
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos().into())
}
