//! Where a path the user named really leads. An output is written beside
//! its target and renamed over it; renamed over a symbolic link, it would
//! replace the link (and a folder's swap would move the linked folder's
//! files out of it). Over a FIFO or a device (`/dev/stdout`, `/dev/null`)
//! it would replace the special file itself with a plain one. So the links
//! are followed first, and a special file is written into, not replaced.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Links followed before giving up, as the kernel's own limit (`ELOOP`).
const MAX_LINKS: usize = 40;

/// `path` with the symbolic links at its end followed (a link to a link
/// too), even one whose target does not exist yet: where a file or folder
/// written at `path` must go for the link to keep leading to it. A path
/// that is not a link comes back unchanged.
pub fn follow(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p)?;
                // A relative link is relative to the folder holding it.
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other(format!(
        "{}: more than {MAX_LINKS} symbolic links in a row",
        path.display()
    )))
}

/// Whether `path` (links followed, by the kernel: `/dev/stdout` to a pipe
/// too) exists and is neither a file nor a folder: a FIFO, a device or a
/// socket, which an output must be written into rather than renamed over.
pub fn is_special(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_their_end_even_when_it_does_not_exist() {
        use std::os::unix::fs::symlink;
        let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let real = d.path().join("real.jsonl");
        // link2 -> link1 -> real.jsonl (missing), relative links.
        symlink("real.jsonl", d.path().join("link1")).unwrap_or_else(|e| panic!("{e}"));
        symlink("link1", d.path().join("link2")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(follow(&d.path().join("link2")).ok(), Some(real.clone()));
        // A plain path, existing or not, is left alone.
        assert_eq!(follow(&real).ok(), Some(real.clone()));
        fs::write(&real, "x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(follow(&real).ok(), Some(real.clone()));
        // A loop is an error, not a hang.
        symlink("loop_b", d.path().join("loop_a")).unwrap_or_else(|e| panic!("{e}"));
        symlink("loop_a", d.path().join("loop_b")).unwrap_or_else(|e| panic!("{e}"));
        assert!(follow(&d.path().join("loop_a")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_special_files_and_folders_are_not() {
        let d = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fifo = d.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        assert!(is_special(&fifo));
        assert!(is_special(Path::new("/dev/null")));
        assert!(!is_special(d.path()));
        let file = d.path().join("f");
        fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
        assert!(!is_special(&file));
        assert!(!is_special(&d.path().join("missing")));
    }
}
