//! The time the app reads: the system clock, which a test can move forward instead of waiting
//! for the wall clock (TOTP steps, cool-downs, windows, auto-close). Carried by `Db`, so every
//! piece of the server that can reach the database reads the same clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Milliseconds since the Unix epoch, plus whatever a test has moved it on by.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now_ms(&self) -> i64 {
        system_ms() + self.offset_ms.load(Ordering::Relaxed)
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, ms: i64) {
        self.offset_ms.fetch_add(ms.max(0), Ordering::Relaxed);
    }
}

fn system_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_move_and_time_never_goes_back() {
        let c = Clock::default();
        let d = c.clone();
        let before = c.now_ms();
        d.advance(3_600_000);
        assert!(c.now_ms() >= before + 3_600_000);
        c.advance(-5);
        assert!(d.now_ms() >= before + 3_600_000);
    }
}
