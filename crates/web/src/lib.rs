//! Secretariat's web application: the route table, HTML pages, the JSON API, sign-in.

pub mod api;
pub mod auth;
pub mod cache;
pub mod conditional;
pub mod error;
pub mod extract;
pub mod feeds;
pub mod headers;
pub mod i18n;
pub mod mail;
pub mod markdown;
pub mod names;
pub mod pages;
pub mod router;

use secretariat_core::service::Secretariat;
use tokio::net::TcpListener;

/// What every handler shares, behind one `Arc`: each extractor of a request clones the handle (one count), not
/// its parts (an `Arc` each, the proxies' list, the mail settings' strings).
#[derive(Clone)]
pub struct AppState(std::sync::Arc<Shared>);

/// The parts of [`AppState`], set before it is made.
pub struct Shared {
    pub app: Secretariat,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// How often due deadlines (silence procedures, scheduled publications) are closed.
    pub deadline_interval: std::time::Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`auth::ClientAddress`); none by default.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Notifications by e-mail; none configured, none are mailed (they are still shown on the start page).
    pub mail: Option<mail::Mail>,
    /// The rendered views kept in memory, keyed by their tags ([`cache`]); 64 MiB unless the settings say.
    pub cache: std::sync::Arc<cache::ViewCache>,
}

impl Shared {
    /// The parts over the use cases, with the defaults.
    pub fn new(app: Secretariat, secure_cookies: bool) -> Self {
        Self {
            app,
            secure_cookies,
            deadline_interval: std::time::Duration::from_secs(5),
            trusted_proxies: Vec::new(),
            mail: None,
            cache: std::sync::Arc::new(cache::ViewCache::new(cache::DEFAULT_BYTES)),
        }
    }
}

impl AppState {
    /// The state over the use cases, with the defaults.
    pub fn new(app: Secretariat, secure_cookies: bool) -> Self {
        Shared::new(app, secure_cookies).into()
    }
}

impl From<Shared> for AppState {
    fn from(shared: Shared) -> Self {
        Self(std::sync::Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Serves the application on a bound listener until `shutdown` resolves. Tests bind port 0 and call this.
pub async fn launch_with_tcp_listener(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let deadlines = tokio::spawn(close_deadlines(state.app.clone(), state.deadline_interval));
    let head = tokio::spawn(watch_head(state.app.clone()));
    let mailer = state.mail.clone().map(|m| tokio::spawn(mail::run(state.app.clone(), m)));
    // The peer address feeds sign-in throttling (`auth::ClientAddress`).
    let app = router::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app).with_graceful_shutdown(shutdown).await;
    deadlines.abort();
    head.abort();
    if let Some(m) = mailer {
        m.abort();
    }
    served
}

/// Closes due silence procedures and publishes scheduled publications now and then. Every instance may run this:
/// each procedure closes once, each publication is published once.
async fn close_deadlines(app: Secretariat, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = app.close_due_silences().await {
            tracing::error!(error.cause = %e, "closing due silence procedures failed; will try again");
        }
        if let Err(e) = app.publish_due_publications().await {
            tracing::error!(error.cause = %e, "publishing scheduled publications failed; will try again");
        }
        if let Err(e) = app.remind_near_deadlines().await {
            tracing::error!(error.cause = %e, "reminding of near deadlines failed; will try again");
        }
    }
}

/// How often the record's head is read from the database, for the writes of other instances and processes: a
/// page they changed is shown here within this (and the read's own time), well within the second promised.
pub const HEAD_POLL: std::time::Duration = std::time::Duration::from_millis(200);

/// Keeps the record's head in memory up to date with the database ([`Secretariat::poll_record_head`]): the writes
/// of this instance move it themselves as they commit. A failure is logged once, and its end once.
async fn watch_head(app: Secretariat) {
    let mut tick = tokio::time::interval(HEAD_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        tick.tick().await;
        match app.poll_record_head().await {
            Ok(_) if failing => {
                tracing::info!("the record's head is read again");
                failing = false;
            }
            Ok(_) => {}
            Err(e) if !failing => {
                tracing::warn!(error.cause = %e, "the record's head could not be read; will try again");
                failing = true;
            }
            Err(_) => {}
        }
    }
}
