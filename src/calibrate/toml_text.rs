//! Values written into the calibrated scenario's TOML text, quoted the
//! way TOML reads them back.

/// A TOML basic string (quoted and escaped), for names in a scenario.
pub fn q(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}
