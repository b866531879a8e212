//! Secretariat's web application: the route table, HTML pages, the JSON API, sign-in.

pub mod api;
pub mod auth;
pub mod error;
pub mod extract;
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
}

impl AppState {
    /// The state over the use cases.
    pub fn new(app: Secretariat, secure_cookies: bool) -> Self {
        Self { app, limiter: Arc::default(), secure_cookies }
    }
}

/// Serves the application on a bound listener until `shutdown` resolves. Tests bind port 0 and call this.
pub async fn launch_with_tcp_listener(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router::router(state)).with_graceful_shutdown(shutdown).await
}
