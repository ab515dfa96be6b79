//! The layering rule of DESIGN.md: the engine knows nothing of contact
//! centers. Its code (comments aside) may not import the domain layers nor
//! use the domain's words.

use std::path::Path;

#[test]
fn engine_is_free_of_contact_center_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine");
    let mut files = 0;
    for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
        let p = e.unwrap_or_else(|e| panic!("{e}")).path();
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        files += 1;
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("").to_lowercase();
            for banned in [
                "crate::center",
                "crate::scenario",
                "crate::stats",
                "crate::output",
                "contact",
                "agent",
                "whisper",
                "abandon",
                "customer",
            ] {
                assert!(
                    !code.contains(banned),
                    "{}:{}: `{banned}` in the engine: {line}",
                    p.display(),
                    n + 1
                );
            }
        }
    }
    assert!(files >= 5);
}
