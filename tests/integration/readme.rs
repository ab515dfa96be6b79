//! README.md cannot drift from the binary: every `ccsim …` and
//! `cargo run --release -- …` command line in its shell code blocks (and the
//! `ccsim` commands quoted inside them, as a runbook's `--wrap '…'`, and the
//! Kubernetes Job's folded `args`) is run here, in README order, in one
//! scratch folder that holds links to `scenarios/` and `examples/` — so the
//! files one command writes are there for the next, as for a reader typing
//! them. A runbook's shard command runs once per shard (its `N`, or the Job's
//! `completions`). Commands this test does not run (`cargo test`, which is
//! this test) must appear in `.ci/run`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A command line found in README.md: its words (ccsim's arguments) and
/// the shard count when it is a runbook template run once per shard.
struct Found {
    line: String,
    args: Vec<String>,
    shards: Option<usize>,
}

/// The code blocks of `text` as `(language, body)`.
fn code_blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            match current.take() {
                Some(block) => out.push(block),
                None => current = Some((lang.trim().to_string(), String::new())),
            }
        } else if let Some((_, body)) = &mut current {
            body.push_str(trimmed);
            body.push('\n');
        }
    }
    out
}

/// Splits a shell line into words, honouring quotes (no expansion).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// `NAME=value` assignments of a block (`N=8`), value as written.
fn assignment(block: &str, name: &str) -> Option<String> {
    block.lines().find_map(|l| {
        let rest = l.strip_prefix(name)?.strip_prefix('=')?;
        Some(rest.split_whitespace().next()?.to_string())
    })
}

/// The ccsim command lines of a block: lines starting with `ccsim` or
/// `cargo run --release --` (continuations joined), and `ccsim …` quoted
/// inside other commands.
fn commands_in(lang: &str, body: &str) -> Vec<String> {
    let joined = body.replace("\\\n", " ");
    let mut out = Vec::new();
    if lang == "yaml" {
        // A folded scalar (`- >-`) whose text is a ccsim command.
        let mut lines = body.lines().peekable();
        while let Some(l) = lines.next() {
            if l.trim_start().starts_with("- >-") {
                let mut text = Vec::new();
                while let Some(next) = lines.peek() {
                    if next.contains(':') && !next.starts_with("ccsim") && !next.starts_with("--") {
                        break;
                    }
                    text.push(next.trim().to_string());
                    lines.next();
                }
                out.push(text.join(" "));
            }
        }
        return out;
    }
    if !matches!(lang, "sh" | "bash") {
        return out;
    }
    for line in joined.lines() {
        let line = line.split(" # ").next().unwrap_or(line).trim();
        if line.starts_with("ccsim ") || line.starts_with("cargo ") {
            out.push(line.to_string());
        } else {
            // `… 'ccsim merge …'` or `"./target/release/ccsim sweep …"`.
            for q in ['\'', '"'] {
                for part in line.split(q).skip(1).step_by(2) {
                    if let Some(at) = part.find("ccsim ") {
                        out.push(part[at..].to_string());
                    }
                }
            }
        }
    }
    out
}

/// Every command line of README.md, as ccsim arguments.
fn readme_commands(readme: &str) -> (Vec<Found>, Vec<String>) {
    let (mut run, mut elsewhere) = (Vec::new(), Vec::new());
    let blocks = code_blocks(readme);
    // The Kubernetes Job's shard count is its `completions`.
    let job_completions = blocks
        .iter()
        .find_map(|(_, b)| assignment(&b.replace(": ", "="), "completions"));
    for (lang, body) in &blocks {
        let n = assignment(body, "N")
            .or_else(|| (lang == "yaml").then(|| job_completions.clone()).flatten());
        for line in commands_in(lang, body) {
            let Some(rest) = line
                .strip_prefix("cargo run --release -- ")
                .or_else(|| line.strip_prefix("ccsim "))
                .map(str::to_string)
            else {
                elsewhere.push(line);
                continue;
            };
            // The Job's index expression is one word to the shell.
            let rest = rest.replace("$((JOB_COMPLETION_INDEX + 1))", "$INDEX");
            let template = ["$K", "{}", "$INDEX"].iter().any(|v| rest.contains(v));
            let shards = if template {
                n.as_deref().and_then(|n| n.parse().ok())
            } else {
                None
            };
            assert!(
                !template || shards.is_some(),
                "cannot tell the shard count of: {line}"
            );
            run.push(Found {
                args: words(&rest),
                line,
                shards,
            });
        }
    }
    (run, elsewhere)
}

/// `arg` for shard `k` of `n`: the runbooks' variables replaced, absolute
/// folders (`/tmp/…`, a pod's `/results` and `/scenarios`) made relative
/// to the scratch folder, globs expanded there.
fn concrete(arg: &str, k: usize, n: usize, cwd: &Path) -> Vec<String> {
    let a = arg
        .replace("$INDEX", &k.to_string())
        .replace("$SLURM_CPUS_PER_TASK", "1")
        .replace("$K", &k.to_string())
        .replace("$N", &n.to_string())
        .replace("{}", &k.to_string());
    let a = a.strip_prefix('/').map(str::to_string).unwrap_or(a);
    let Some(star) = a.find('*') else {
        return vec![a];
    };
    let (dir, prefix) = match a[..star].rfind('/') {
        Some(slash) => (&a[..slash], &a[slash + 1..star]),
        None => ("", &a[..star]),
    };
    let mut matches: Vec<String> = std::fs::read_dir(cwd.join(dir))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with(prefix))
                .map(|name| {
                    if dir.is_empty() {
                        name
                    } else {
                        format!("{dir}/{name}")
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    matches.sort();
    assert!(!matches.is_empty(), "{arg}: nothing matches in {cwd:?}");
    matches
}

/// A scratch folder with `scenarios/` and `examples/` linked from the
/// repository (and the pod's `/scenarios` mount is the same folder).
fn scratch(root: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for d in ["scenarios", "examples"] {
        std::os::unix::fs::symlink(root.join(d), tmp.path().join(d))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    tmp
}

#[test]
fn every_readme_command_runs_or_is_in_ci() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap_or_else(|e| panic!("{e}"));
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap_or_else(|e| panic!("{e}"));
    let (found, elsewhere) = readme_commands(&readme);
    for line in &elsewhere {
        assert!(
            ci.contains(line.as_str()),
            "README's `{line}` is neither run by this test nor in .ci/run"
        );
    }
    assert!(found.len() >= 15, "only {} commands found", found.len());
    let tmp = scratch(&root);
    let cwd = tmp.path();
    for f in &found {
        let n = f.shards.unwrap_or(1);
        for k in 1..=n {
            let mut args: Vec<String> =
                f.args.iter().flat_map(|a| concrete(a, k, n, cwd)).collect();
            // The bare `ccsim run` is the quick start's: the bundled
            // scenario, written under results/ — here, the scratch folder.
            if !args.iter().any(|a| a == "--quiet")
                && matches!(
                    args.first().map(String::as_str),
                    Some("run" | "sweep" | "staff" | "calibrate" | "backtest")
                )
            {
                args.push("--quiet".into());
            }
            let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
                .args(&args)
                .current_dir(cwd)
                .output()
                .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
            assert!(
                out.status.success(),
                "README's `{}` (run as ccsim {args:?}) failed:\n{}",
                f.line,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    // The runbooks' merges produced the whole sweep.
    assert!(cwd.join("runs/headcount/merged/sweep.csv").is_file());
    assert!(cwd.join("results/headcount/merged/sweep.csv").is_file());
}

#[test]
fn the_command_extraction_sees_quoted_and_continued_lines() {
    let md = "```sh\nN=3\nccsim sweep a.toml --shard \"$K/$N\" \\\n  --out \"x-$K\"\nsbatch --wrap 'ccsim merge x-* --out m'\ncargo test --release\n```\n";
    let (found, elsewhere) = readme_commands(md);
    let lines: Vec<&str> = found.iter().map(|f| f.line.as_str()).collect();
    assert_eq!(
        lines,
        [
            "ccsim sweep a.toml --shard \"$K/$N\"  --out \"x-$K\"",
            "ccsim merge x-* --out m"
        ]
    );
    assert_eq!(found[0].shards, Some(3));
    assert_eq!(
        found[0].args,
        ["sweep", "a.toml", "--shard", "$K/$N", "--out", "x-$K"]
    );
    assert_eq!(elsewhere, ["cargo test --release"]);
}

#[test]
fn the_scenario_reference_is_generated_and_current() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let committed =
        std::fs::read_to_string(root.join("docs/scenario-reference.md")).unwrap_or_default();
    let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
        .arg("schema")
        .output()
        .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
    assert!(out.status.success());
    let generated = String::from_utf8_lossy(&out.stdout);
    assert!(
        committed == generated,
        "docs/scenario-reference.md is out of date: regenerate it with\n    \
         cargo run --release -- schema > docs/scenario-reference.md\n\
         (a new scenario field also needs its row in src/scenario/reference.rs)"
    );
    let undocumented = ccsim::scenario::reference::undocumented();
    assert!(
        undocumented.is_empty(),
        "fields without a row in src/scenario/reference.rs: {undocumented:?}"
    );
}

#[test]
fn version_and_completions_follow_the_conventions() {
    let ccsim = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_ccsim"))
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot start ccsim: {e}"));
        assert!(out.status.success(), "{args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let version = ccsim(&["--version"]);
    assert!(
        version.starts_with(&format!("ccsim {}", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    // Built in a checkout, the commit is named.
    let head = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    if head.is_ok_and(|h| h.status.success()) {
        // The binary may predate the newest commit: it names some commit.
        assert!(
            version.contains(" (") && version.trim_end().ends_with(')'),
            "{version}"
        );
    }
    for shell in ["bash", "zsh", "fish"] {
        let script = ccsim(&["completions", shell]);
        assert!(
            script.contains("calibrate") && script.contains("replications"),
            "{shell}"
        );
    }
}
