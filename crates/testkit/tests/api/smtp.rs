//! A real SMTP server on loopback for the mail tests: Python's `aiosmtpd`, from `.ci/venv` (under `CI=true` a
//! missing venv fails the test, elsewhere the mail half says so and is left out), and the mail settings that reach it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use secretariat_web::mail::{Mail, Smtp, SmtpSecurity, SmtpSettings};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A loopback SMTP server that prints every message it receives; killed when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    log: PathBuf,
}

impl SmtpServer {
    /// Starts `aiosmtpd` from the venv, or `None` (with a notice) outside CI when the venv lacks it.
    pub fn start() -> Option<Self> {
        let python = workspace().join(".ci/venv/bin/python");
        let has = python.exists()
            && Command::new(&python).args(["-c", "import aiosmtpd"]).status().is_ok_and(|s| s.success());
        if !has {
            let missing = format!(
                "{} lacks aiosmtpd: run `python3 -m venv .ci/venv && .ci/venv/bin/pip install aiosmtpd`",
                python.display()
            );
            assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "under CI=true mail is tested: {missing}");
            eprintln!("NOTICE: mail not tested: {missing}");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = std::env::temp_dir().join(format!("secretariat-smtp-{}-{port}.log", std::process::id()));
        let child = Command::new(&python)
            .args(["-u", "-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self { child, port, log };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(server);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("aiosmtpd did not listen on {port}");
    }

    pub fn received(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

pub fn mail_to(port: u16) -> Mail {
    let settings = SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: SmtpSecurity::None,
        credentials: None,
        from: "Secretariat <secretariat@example.org>".into(),
    };
    Mail {
        mailer: Arc::new(Smtp::new(&settings).unwrap()),
        public_url: "https://secretariat.example.org".into(),
        every: std::time::Duration::from_secs(60),
    }
}
