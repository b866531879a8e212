//! CPU-heavy work (password hashing, text comparison) runs off the async workers, a few jobs at a time, so that a
//! flood of sign-ins or two large diffs cannot keep the server from answering anything else.

use std::sync::LazyLock;

use tokio::sync::Semaphore;

use crate::error::{Error, Result};

/// One heavy job per core but one at once, so that a core stays free for the async workers; more jobs would only
/// share the same cores and hold more memory (Argon2 takes 19 MiB a hash).
static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    Semaphore::new(cores.saturating_sub(1).max(1))
});

/// Runs `job` on tokio's blocking threads once a slot is free.
pub(crate) async fn heavy<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let _slot = SLOTS.acquire().await.map_err(|e| Error::Storage(format!("work slots closed: {e}")))?;
    tokio::task::spawn_blocking(job).await.map_err(|e| Error::Storage(format!("a background job failed: {e}")))
}
