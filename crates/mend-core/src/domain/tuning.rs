//! Everything the owner tunes about the advisor in Settings: its weights, cap
//! and time windows, and the value-tier cut-offs, checked here as one form.

use super::advisor::AdvisorSettings;
use super::value::TierThresholds;
use crate::error::{Error, FieldErrors, Result};
use serde::{Deserialize, Serialize};

/// Everything the owner tunes about the advisor.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AdvisorConfig {
    /// Weights, cap and windows.
    pub advisor: AdvisorSettings,
    /// Value-tier cut-offs.
    pub tiers: TierThresholds,
}

impl AdvisorConfig {
    /// The settings as typed, checked: each number in its range, with a
    /// message per field in plain words.
    pub fn validated(&self) -> Result<AdvisorConfig> {
        let a = &self.advisor;
        let mut fields = FieldErrors::new();
        for (key, value) in [("severity_weight", a.severity_weight), ("value_weight", a.value_weight)] {
            if !(0.0..=5.0).contains(&value) || value.is_nan() {
                fields.insert(key.to_string(), "Please enter a weight from 0 to 5 (1 is the standard).".to_string());
            }
        }
        if !(0..=500).contains(&a.cap_percent) {
            fields.insert(
                "cap_percent".into(),
                "Please enter a cap from 0 to 500 percent (150 is the research's limit).".into(),
            );
        }
        if !(1..=240).contains(&a.quick_minutes) {
            fields.insert("quick_minutes".into(), "Please enter 1 to 240 minutes.".into());
        }
        if !(1..=730).contains(&a.repeat_window_days) {
            fields.insert("repeat_window_days".into(), "Please enter 1 to 730 days.".into());
        }
        let tiers = match self.tiers.validated() {
            Ok(tiers) => Some(tiers),
            Err(Error::Invalid(tier_fields)) => {
                fields.extend(tier_fields);
                None
            }
            Err(other) => return Err(other),
        };
        match (fields.is_empty(), tiers) {
            (true, Some(tiers)) => Ok(AdvisorConfig { advisor: self.advisor.clone(), tiers }),
            _ => Err(Error::Invalid(fields)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod validated {
        use super::*;

        #[test]
        fn the_defaults_pass() {
            let config = AdvisorConfig::default();
            assert_eq!(config.validated().unwrap(), config);
        }

        mod error {
            use super::*;

            #[test]
            fn every_field_out_of_range_is_named() {
                let mut config = AdvisorConfig::default();
                config.advisor.severity_weight = f64::NAN;
                config.advisor.cap_percent = 900;
                config.advisor.quick_minutes = 0;
                config.advisor.repeat_window_days = 1000;
                let Err(Error::Invalid(fields)) = config.validated() else { panic!("refused") };
                for key in ["severity_weight", "cap_percent", "quick_minutes", "repeat_window_days"] {
                    assert!(fields.contains_key(key), "{key}: {fields:?}");
                }
            }
        }
    }
}
