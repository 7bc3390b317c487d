//! Where "now" comes from.
//!
//! The app reads the system clock; tests and demos may start the clock at a
//! chosen instant (`MEND_NOW=2026-03-29T00:30:00Z`) and it runs on from there,
//! so time-dependent screens can be checked without waiting.

use chrono::{DateTime, Duration, Utc};

/// A source of the current time.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    /// Added to the system time.
    offset: Duration,
}

impl Clock {
    /// The real system clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that reads `start` now and runs on from there.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Self { offset: start - Utc::now() }
    }

    /// The clock named by `MEND_NOW` (RFC 3339), or the system clock.
    pub fn from_env_value(value: Option<&str>) -> Self {
        value
            .and_then(|v| DateTime::parse_from_rfc3339(v.trim()).ok())
            .map(|start| Self::starting_at(start.with_timezone(&Utc)))
            .unwrap_or_default()
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_at_the_given_instant() {
        let clock = Clock::from_env_value(Some("2030-01-01T00:00:00Z"));
        let now = clock.now();
        assert!(now >= "2030-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap());
        assert!(now < "2030-01-01T00:01:00Z".parse::<DateTime<Utc>>().unwrap());
    }

    #[test]
    fn bad_value_means_system_clock() {
        let clock = Clock::from_env_value(Some("soon"));
        assert!((clock.now() - Utc::now()).num_seconds().abs() < 5);
    }
}
