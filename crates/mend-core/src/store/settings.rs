//! The `settings` table: one row per setting, read as the shop's
//! [`Settings`], the advisor's tuning ([`AdvisorConfig`], checked in the domain) and the
//! message templates ([`MessageTemplates`], JSON under `message_templates`).

use super::base::Store;
use crate::domain::settings::Settings;
use crate::domain::templates::MessageTemplates;
use crate::domain::tuning::AdvisorConfig;
use crate::error::Result;
use rusqlite::OptionalExtension;

impl Store {
    /// The shop's settings.
    pub fn settings(&self) -> Result<Settings> {
        let mut settings = Settings::default();
        let mut stmt = self.conn.prepare_cached("SELECT key, value FROM settings")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (key, value) = row?;
            match key.as_str() {
                "business_name" => settings.business_name = value,
                "currency" => settings.currency = value,
                _ => {}
            }
        }
        Ok(settings)
    }

    /// Saves checked settings (both keys in one transaction).
    pub fn update_settings(&mut self, settings: &Settings) -> Result<Settings> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?;
            stmt.execute(("business_name", &settings.business_name))?;
            stmt.execute(("currency", &settings.currency))?;
        }
        tx.commit()?;
        self.settings()
    }

    /// The advisor's settings and the value-tier cut-offs.
    pub fn advisor_config(&self) -> Result<AdvisorConfig> {
        let read = |key: &str| -> Result<Option<String>> {
            Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
        };
        Ok(AdvisorConfig {
            advisor: read("advisor")?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default(),
            tiers: read("value_tiers")?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default(),
        })
    }

    /// Saves checked advisor settings.
    pub fn update_advisor_config(&mut self, config: &AdvisorConfig) -> Result<AdvisorConfig> {
        let tx = self.conn.transaction()?;
        for (key, value) in [
            ("advisor", serde_json::to_string(&config.advisor).expect("plain data")),
            ("value_tiers", serde_json::to_string(&config.tiers).expect("plain data")),
        ] {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )?;
        }
        tx.commit()?;
        self.advisor_config()
    }

    /// The shop's message templates (Mend's own wording for any not saved yet).
    pub fn message_templates(&self) -> Result<MessageTemplates> {
        let stored: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = 'message_templates'", [], |r| r.get(0))
            .optional()?;
        Ok(MessageTemplates::from_stored(stored.as_deref()))
    }

    /// Saves checked message templates.
    pub fn update_message_templates(&mut self, templates: &MessageTemplates) -> Result<MessageTemplates> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('message_templates', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [templates.to_stored()],
        )?;
        self.message_templates()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_then_update() {
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.settings().unwrap(), Settings::default());
        let new = Settings { business_name: "Bike Barn".into(), currency: "GBP".into() };
        assert_eq!(store.update_settings(&new).unwrap(), new);
        assert_eq!(store.settings().unwrap(), new);
    }

    #[test]
    fn message_templates_start_as_mends_wording_and_keep_what_is_saved() {
        use crate::domain::templates::{TemplateInput, TemplateKey};
        let mut store = Store::open_in_memory().unwrap();
        assert_eq!(store.message_templates().unwrap(), MessageTemplates::default());
        let input =
            TemplateInput {
                key: "no_answer".into(), subject: "Missed you".into(), body: "Hi {first_name} 👋".into()
            };
        let checked = MessageTemplates::validated(&[input], &store.message_templates().unwrap()).unwrap();
        let saved = store.update_message_templates(&checked).unwrap();
        assert_eq!(saved.get(TemplateKey::NoAnswer).body.as_str(), "Hi {first_name} 👋");
        assert_eq!(store.message_templates().unwrap(), saved);
        assert_eq!(store.settings().unwrap(), Settings::default(), "the shop's settings are untouched");
    }
}
