//! Sign-in throttling: failures slow down whoever makes them, and never lock anyone out.
//!
//! Each attempt is counted before the password is checked (a success gives it back), so that concurrent attempts
//! cannot slip past the count. Past a policy's free failures every further attempt must wait a delay that doubles
//! each time, up to a cap; a quiet period forgets the failures.

use serde::{Deserialize, Serialize};

const SECOND_US: i64 = 1_000_000;

/// How many failures a counter forgives, and how it slows down the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Failures allowed without delay.
    pub free_failures: u32,
    /// The wait after the last free failure, in microseconds; it doubles with each further failure.
    pub first_delay_us: i64,
    /// The longest wait, in microseconds.
    pub max_delay_us: i64,
    /// After this long without a failure (microseconds) the counter starts again from zero.
    pub forget_after_us: i64,
}

/// One account's attempts from one client address: five free failures, then 1 s, 2 s, 4 s … up to 5 minutes.
pub const PER_ACCOUNT_AND_ADDRESS: Policy = Policy {
    free_failures: 5,
    first_delay_us: SECOND_US,
    max_delay_us: 300 * SECOND_US,
    forget_after_us: 3600 * SECOND_US,
};

/// All attempts from one client address, whatever the user name: a spray of names is slowed down too.
pub const PER_ADDRESS: Policy = Policy {
    free_failures: 20,
    first_delay_us: SECOND_US,
    max_delay_us: 300 * SECOND_US,
    forget_after_us: 3600 * SECOND_US,
};

/// A counter as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counter {
    pub failures: u32,
    /// Microseconds, UTC.
    pub last_failure_us: i64,
    /// No attempt is allowed before this instant (microseconds, UTC).
    pub next_attempt_us: i64,
}

/// Whether an attempt may go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// It may, and the counter becomes this (the attempt counted as a failure until it succeeds).
    Allowed(Counter),
    /// It must wait this many whole seconds.
    Throttled { retry_after_s: u64 },
}

impl Policy {
    /// Decides an attempt at `now_us` against the counter as it stands.
    pub fn attempt(&self, current: Option<Counter>, now_us: i64) -> Attempt {
        if let Some(c) = current {
            if now_us < c.next_attempt_us {
                let wait = c.next_attempt_us - now_us;
                let seconds = (wait + SECOND_US - 1) / SECOND_US;
                return Attempt::Throttled { retry_after_s: u64::try_from(seconds).unwrap_or(1).max(1) };
            }
        }
        let earlier = current
            .filter(|c| now_us.saturating_sub(c.last_failure_us) < self.forget_after_us)
            .map_or(0, |c| c.failures);
        let failures = earlier.saturating_add(1);
        let next_attempt_us = match failures.checked_sub(self.free_failures) {
            Some(past) => now_us.saturating_add(self.delay_us(past)),
            None => now_us,
        };
        Attempt::Allowed(Counter { failures, last_failure_us: now_us, next_attempt_us })
    }

    /// The wait after the `past`-th failure beyond the free ones (0 for the last free one).
    fn delay_us(&self, past: u32) -> i64 {
        let factor = 1i64.checked_shl(past.min(40)).unwrap_or(i64::MAX);
        self.first_delay_us.saturating_mul(factor).min(self.max_delay_us)
    }
}

impl Policy {
    /// The counter after an attempt that did not fail gives back the failure it was counted as; below the free
    /// failures, the wait it caused goes too.
    pub fn refund(&self, c: Counter) -> Counter {
        let failures = c.failures.saturating_sub(1);
        let next_attempt_us = if failures < self.free_failures { c.last_failure_us } else { c.next_attempt_us };
        Counter { failures, next_attempt_us, ..c }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(policy: &Policy, attempts: usize, now_us: i64) -> (Option<Counter>, Vec<Attempt>) {
        let mut counter = None;
        let mut seen = Vec::new();
        for _ in 0..attempts {
            let a = policy.attempt(counter, now_us);
            if let Attempt::Allowed(c) = a {
                counter = Some(c);
            }
            seen.push(a);
        }
        (counter, seen)
    }

    #[test]
    fn five_failures_go_through_at_once_and_the_sixth_waits_a_second() {
        let (_, seen) = run(&PER_ACCOUNT_AND_ADDRESS, 7, 0);
        assert!(seen[..5].iter().all(|a| matches!(a, Attempt::Allowed(_))));
        assert_eq!(seen[5], Attempt::Throttled { retry_after_s: 1 });
        assert_eq!(seen[6], Attempt::Throttled { retry_after_s: 1 });
    }

    #[test]
    fn each_further_failure_doubles_the_wait_up_to_five_minutes() {
        let policy = PER_ACCOUNT_AND_ADDRESS;
        let (mut counter, _) = run(&policy, 5, 0);
        let mut waits = Vec::new();
        for _ in 0..12 {
            let c = counter.unwrap();
            waits.push((c.next_attempt_us - c.last_failure_us) / SECOND_US);
            counter = match policy.attempt(counter, c.next_attempt_us) {
                Attempt::Allowed(c) => Some(c),
                Attempt::Throttled { .. } => panic!("an attempt at the allowed instant was refused"),
            };
        }
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
    }

    #[test]
    fn a_refund_below_the_free_failures_takes_back_the_wait() {
        let policy = PER_ACCOUNT_AND_ADDRESS;
        let (counter, _) = run(&policy, 5, 0);
        let refunded = policy.refund(counter.unwrap());
        assert_eq!(refunded.failures, 4);
        assert_eq!(
            policy.attempt(Some(refunded), 0),
            Attempt::Allowed(Counter { failures: 5, last_failure_us: 0, next_attempt_us: SECOND_US })
        );
    }

    #[test]
    fn an_hour_without_failures_forgets_them() {
        let policy = PER_ACCOUNT_AND_ADDRESS;
        let (counter, _) = run(&policy, 9, 0);
        let later = policy.forget_after_us + 1;
        assert_eq!(
            policy.attempt(counter, later),
            Attempt::Allowed(Counter { failures: 1, last_failure_us: later, next_attempt_us: later })
        );
    }
}
