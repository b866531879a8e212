//! Secretariat's web application: the route table, HTML pages, the JSON API, sign-in.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
pub mod headers;
pub mod i18n;
pub mod pages;
pub mod router;

use std::sync::Arc;

use secretariat_core::service::Secretariat;
use tokio::net::TcpListener;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub app: Secretariat,
    pub limiter: Arc<auth::SignInLimiter>,
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// How often due deadlines (silence procedures) are closed.
    pub deadline_interval: std::time::Duration,
}

impl AppState {
    /// The state over the use cases.
    pub fn new(app: Secretariat, secure_cookies: bool) -> Self {
        Self { app, limiter: Arc::default(), secure_cookies, deadline_interval: std::time::Duration::from_secs(5) }
    }
}

/// Serves the application on a bound listener until `shutdown` resolves. Tests bind port 0 and call this.
pub async fn launch_with_tcp_listener(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let deadlines = tokio::spawn(close_deadlines(state.app.clone(), state.deadline_interval));
    let served = axum::serve(listener, router::router(state)).with_graceful_shutdown(shutdown).await;
    deadlines.abort();
    served
}

/// Closes due silence procedures now and then. Every instance may run this: each procedure closes once.
async fn close_deadlines(app: Secretariat, every: std::time::Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = app.close_due_silences().await {
            tracing::error!(error.cause = %e, "closing due silence procedures failed; will try again");
        }
    }
}
