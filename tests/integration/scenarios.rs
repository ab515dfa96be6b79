//! Every scenario shipped in `scenarios/` loads and validates, and the bundled
//! default is the file of that name.

use std::path::Path;

#[test]
fn every_bundled_scenario_validates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
        let p = e.unwrap_or_else(|e| panic!("{e}")).path();
        if p.extension().and_then(|x| x.to_str()) == Some("toml") {
            if let Err(err) = ccsim::scenario::load(&p) {
                panic!("{err}");
            }
            n += 1;
        }
    }
    assert!(
        n >= 3,
        "expected at least default, erlang_c and two_queues; found {n}"
    );
}

#[test]
fn the_bundled_default_is_scenarios_default_toml() {
    let file = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml"),
    )
    .unwrap_or_default();
    assert_eq!(file, ccsim::scenario::DEFAULT_SCENARIO);
    assert!(ccsim::scenario::bundled_default().is_ok());
}
