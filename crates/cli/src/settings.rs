//! Settings in layers: defaults → `secretariat.toml` → `SECRETARIAT_*` environment variables → flags.

use std::path::PathBuf;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secretariat_store::Synchronous;
use serde::{Deserialize, Serialize};

/// Every setting, with its default. `secretariat.example.toml` documents each one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// A SQLite file path, or a `postgres://` URL.
    pub database: String,
    /// The address `serve` listens on.
    pub addr: String,
    /// Mark cookies `Secure`: set when Secretariat is served over HTTPS.
    pub secure_cookies: bool,
    /// How a SQLite commit is made durable: `full` (survives a power loss) or `normal` (faster, may not).
    pub sqlite_synchronous: Synchronous,
    /// The log filter (`info`, `secretariat=debug,tower_http=info`).
    pub log: String,
    /// Reverse proxies, comma-separated IP addresses, whose `X-Forwarded-For` names the client; empty: none.
    pub trusted_proxies: String,
    /// The SMTP server notifications are mailed through; empty: none are mailed.
    pub smtp_host: String,
    pub smtp_port: u16,
    /// `starttls`, `tls` or `none` (a server on this machine only).
    pub smtp_security: String,
    pub smtp_username: String,
    pub smtp_password: String,
    /// The sender of the notifications, `Secretariat <secretariat@example.org>`.
    pub mail_from: String,
    /// The address readers reach Secretariat at, for the links in mail.
    pub public_url: String,
    /// The rendered-view cache.
    pub cache: CacheSettings,
}

/// The `[cache]` section: the rendered views kept in memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSettings {
    /// At most this many MiB of pages and API answers; 0: none kept.
    pub size_mib: u64,
}

impl CacheSettings {
    /// The size in bytes.
    pub fn bytes(&self) -> u64 {
        self.size_mib.saturating_mul(1024 * 1024)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database: "./secretariat.db".into(),
            addr: "127.0.0.1:8080".into(),
            secure_cookies: false,
            sqlite_synchronous: Synchronous::Full,
            log: "info".into(),
            trusted_proxies: String::new(),
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_security: "starttls".into(),
            smtp_username: String::new(),
            smtp_password: String::new(),
            mail_from: "Secretariat <secretariat@localhost>".into(),
            public_url: "http://127.0.0.1:8080".into(),
            cache: CacheSettings { size_mib: secretariat_web::cache::DEFAULT_BYTES / (1024 * 1024) },
        }
    }
}

/// Flags that override the other layers when given.
#[derive(Debug, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addr: Option<String>,
}

impl Settings {
    /// Reads the layers; `config` names the file (default `./secretariat.toml`, which may be absent).
    pub fn load(config: Option<PathBuf>, overrides: &Overrides) -> Result<Self, Box<figment::Error>> {
        let file = config.unwrap_or_else(|| PathBuf::from("secretariat.toml"));
        Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("SECRETARIAT_").only(&[
                "database",
                "addr",
                "secure_cookies",
                "sqlite_synchronous",
                "log",
                "trusted_proxies",
                "smtp_host",
                "smtp_port",
                "smtp_security",
                "smtp_username",
                "smtp_password",
                "mail_from",
                "public_url",
            ]))
            .merge(Env::prefixed("SECRETARIAT_CACHE_").only(&["size_mib"]).map(|k| format!("cache.{k}").into()))
            .merge(Serialized::defaults(overrides))
            .extract()
            .map_err(Box::new)
    }

    /// The trusted proxies' addresses; a word that is not an IP address is an error, not a silent omission.
    pub fn trusted_proxies(&self) -> Result<Vec<std::net::IpAddr>, String> {
        self.trusted_proxies
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().map_err(|_| format!("trusted_proxies: `{s}` is not an IP address")))
            .collect()
    }

    /// The SMTP settings, when a server is configured; a word other than the three securities is an error.
    pub fn smtp(&self) -> Result<Option<secretariat_web::mail::SmtpSettings>, String> {
        use secretariat_web::mail::{SmtpSecurity, SmtpSettings};
        if self.smtp_host.trim().is_empty() {
            return Ok(None);
        }
        let security = match self.smtp_security.as_str() {
            "starttls" => SmtpSecurity::StartTls,
            "tls" => SmtpSecurity::Tls,
            "none" => SmtpSecurity::None,
            other => return Err(format!("smtp_security: `{other}` is not starttls, tls or none")),
        };
        let credentials =
            (!self.smtp_username.is_empty()).then(|| (self.smtp_username.clone(), self.smtp_password.clone()));
        Ok(Some(SmtpSettings {
            host: self.smtp_host.trim().to_owned(),
            port: self.smtp_port,
            security,
            credentials,
            from: self.mail_from.clone(),
        }))
    }

    /// The settings as shown to an operator, with the database and SMTP passwords hidden.
    pub fn redacted(&self) -> Self {
        let mut shown = self.clone();
        if !shown.smtp_password.is_empty() {
            shown.smtp_password = "***".into();
        }
        if let Some((scheme, rest)) = shown.database.split_once("://") {
            if let Some((credentials, host)) = rest.split_once('@') {
                let user = credentials.split(':').next().unwrap_or_default();
                shown.database = format!("{scheme}://{user}:***@{host}");
            }
        }
        shown
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment's Jail closures return its large error type
mod tests {
    use super::*;

    #[test]
    fn the_layers_apply_in_order_file_then_environment_then_flags() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "secretariat.toml",
                "database = \"from-file.db\"\naddr = \"127.0.0.1:9000\"\nlog = \"debug\"",
            )?;
            jail.set_env("SECRETARIAT_ADDR", "127.0.0.1:9100");
            let s = Settings::load(None, &Overrides::default()).expect("settings");
            assert_eq!(s.database, "from-file.db");
            assert_eq!(s.addr, "127.0.0.1:9100");
            assert_eq!(s.log, "debug");
            let flags = Overrides { database: Some("flag.db".into()), addr: None };
            assert_eq!(Settings::load(None, &flags).expect("settings").database, "flag.db");
            Ok(())
        });
    }

    #[test]
    fn without_any_layer_the_defaults_hold() {
        figment::Jail::expect_with(|_| {
            assert_eq!(Settings::load(None, &Overrides::default()).expect("settings"), Settings::default());
            Ok(())
        });
    }

    #[test]
    fn mail_is_off_until_an_smtp_host_is_named_and_its_password_is_never_shown() {
        assert!(Settings::default().smtp().unwrap().is_none());
        let s = Settings {
            smtp_host: "mail.example.org".into(),
            smtp_username: "secretariat".into(),
            smtp_password: "hunter22".into(),
            ..Settings::default()
        };
        let smtp = s.smtp().unwrap().unwrap();
        assert_eq!((smtp.port, smtp.security), (587, secretariat_web::mail::SmtpSecurity::StartTls));
        assert_eq!(smtp.credentials, Some(("secretariat".into(), "hunter22".into())));
        assert_eq!(s.redacted().smtp_password, "***");
        let bad = Settings { smtp_security: "ssl".into(), ..s };
        assert!(bad.smtp().unwrap_err().contains("ssl"));
    }

    #[test]
    fn trusted_proxies_are_ip_addresses_separated_by_commas() {
        let s = Settings { trusted_proxies: "10.0.0.1, ::1".into(), ..Settings::default() };
        assert_eq!(
            s.trusted_proxies().unwrap(),
            ["10.0.0.1".parse::<std::net::IpAddr>().unwrap(), "::1".parse().unwrap()]
        );
        assert!(Settings::default().trusted_proxies().unwrap().is_empty());
        let bad = Settings { trusted_proxies: "proxy.local".into(), ..Settings::default() };
        assert!(bad.trusted_proxies().unwrap_err().contains("proxy.local"));
    }

    #[test]
    fn sqlite_commits_are_synced_in_full_unless_the_environment_chooses_normal() {
        figment::Jail::expect_with(|jail| {
            assert_eq!(
                Settings::load(None, &Overrides::default()).expect("settings").sqlite_synchronous,
                Synchronous::Full
            );
            jail.set_env("SECRETARIAT_SQLITE_SYNCHRONOUS", "normal");
            assert_eq!(
                Settings::load(None, &Overrides::default()).expect("settings").sqlite_synchronous,
                Synchronous::Normal
            );
            jail.set_env("SECRETARIAT_SQLITE_SYNCHRONOUS", "off");
            let refused = Settings::load(None, &Overrides::default()).expect_err("`off` is not offered");
            assert!(refused.to_string().contains("full"), "the error names the choices: {refused}");
            Ok(())
        });
    }

    #[test]
    fn the_cache_s_size_is_its_section_s_or_the_environment_s_and_0_turns_it_off() {
        figment::Jail::expect_with(|jail| {
            assert_eq!(Settings::load(None, &Overrides::default()).expect("settings").cache.bytes(), 64 << 20);
            jail.create_file("secretariat.toml", "[cache]\nsize_mib = 8")?;
            assert_eq!(Settings::load(None, &Overrides::default()).expect("settings").cache.bytes(), 8 << 20);
            jail.set_env("SECRETARIAT_CACHE_SIZE_MIB", "0");
            assert_eq!(Settings::load(None, &Overrides::default()).expect("settings").cache.bytes(), 0);
            jail.create_file("secretariat.toml", "[cache]\nsize = 8")?;
            assert!(Settings::load(None, &Overrides::default()).is_err(), "an unknown key of the section");
            Ok(())
        });
    }

    #[test]
    fn the_example_settings_file_states_every_default() {
        figment::Jail::expect_with(|_| {
            let example = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../secretariat.example.toml"));
            assert_eq!(Settings::load(Some(example), &Overrides::default()).expect("settings"), Settings::default());
            Ok(())
        });
    }

    #[test]
    fn a_database_password_is_never_shown() {
        let s = Settings { database: "postgres://app:secret@db:5432/council".into(), ..Settings::default() };
        assert_eq!(s.redacted().database, "postgres://app:***@db:5432/council");
    }
}
