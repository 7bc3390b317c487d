//! The `settings` table: one row per setting, read as a [`Settings`] value.

use super::Store;
use crate::domain::settings::Settings;
use crate::error::Result;

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
}
