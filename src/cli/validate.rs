//! `ccsim validate`: check a scenario and explain it.

use std::path::Path;

use ccsim::scenario;

/// Loads (and so checks) the scenario at `path` and prints its explanation.
pub fn validate(path: &Path) -> anyhow::Result<()> {
    let spec = scenario::load(path)?;
    println!("{}: valid.", path.display());
    print!("{}", scenario::explain::explain(&spec));
    Ok(())
}
