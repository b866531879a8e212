//! The import's progress bar: records done of the total, per part of the file, drawn on standard error only when
//! it is a terminal (a pipe, a test or CI sees nothing of it).

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use secretariat_core::service::ImportProgress;

/// One bar per part of the import, each left on the screen when the next starts; a spinner while the file is read
/// and while the import commits.
pub struct Bars {
    shown: bool,
    current: Mutex<Option<ProgressBar>>,
}

impl Bars {
    /// Bars on standard error if it is a terminal; otherwise none are drawn.
    pub fn on_stderr() -> Self {
        Self { shown: std::io::stderr().is_terminal(), current: Mutex::new(None) }
    }

    fn replace(&self, next: Option<ProgressBar>) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        // A bar stays on the screen, done; a spinner (reading, commit) goes.
        match current.take() {
            Some(done) if done.length().is_some() => done.finish(),
            Some(done) => done.finish_and_clear(),
            None => {}
        }
        *current = next;
    }

    fn bar(&self, length: Option<u64>, style: ProgressStyle, part: &str) -> ProgressBar {
        let target = if self.shown { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = match length {
            Some(n) => ProgressBar::with_draw_target(Some(n), target),
            None => ProgressBar::with_draw_target(None, target),
        };
        bar.set_style(style);
        bar.set_prefix(part.to_owned());
        bar
    }

    /// A spinner while the file is read and parsed, before its records are counted.
    pub fn reading(&self) {
        self.spin("reading");
    }

    fn spin(&self, part: &str) {
        let style = ProgressStyle::with_template("{prefix:>15} {spinner} {elapsed_precise}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let bar = self.bar(None, style, part);
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        self.replace(Some(bar));
    }

    /// Finishes the last bar (the commit's).
    pub fn finish(&self) {
        self.replace(None);
    }
}

impl ImportProgress for Bars {
    fn start(&self, part: &str, total: usize) {
        let style = ProgressStyle::with_template(
            "{prefix:>15} [{bar:32}] {human_pos}/{human_len} ({per_sec}, {elapsed_precise}, {eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        self.replace(Some(self.bar(u64::try_from(total).ok(), style, part)));
    }

    fn advance(&self, n: usize) {
        let current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bar) = current.as_ref() {
            bar.inc(u64::try_from(n).unwrap_or(u64::MAX));
        }
    }

    fn committing(&self) {
        self.spin("commit");
    }
}
