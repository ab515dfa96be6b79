//! Build script: `--version` names the commit it was built from. In a git
//! checkout `CCSIM_VERSION` is `<package version> (<short hash>)`; without
//! git (a source
//! tarball, `cargo install` from crates.io) it is the package version alone,
//! silently.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    let full = match git(&["rev-parse", "--short", "HEAD"]) {
        Some(hash) if !hash.is_empty() => format!("{version} ({hash})"),
        _ => version.to_string(),
    };
    println!("cargo:rustc-env=CCSIM_VERSION={full}");
    // Rerun when HEAD moves: a checkout rewrites HEAD, a commit the
    // branch's ref. Only files that exist (cargo reruns the script on
    // every build for a missing one, e.g. a packed ref).
    let mut watch = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    if let Some(branch) = git(&["rev-parse", "--symbolic-full-name", "HEAD"]) {
        watch.push(git(&["rev-parse", "--git-path", &branch]));
    }
    for path in watch.into_iter().flatten() {
        if std::path::Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
