//! The JSON objects of one contact-record file, one at a time, whatever the
//! layout: JSON lines, one top-level array of records (or several in a
//! row), or objects written one after another with no separator at all —
//! Firehose concatenates records as `}{`. Gzip'd files (recognised by their
//! magic bytes `1f 8b`, whatever their name) are decompressed as a stream.
//!
//! The file is read in chunks into one buffer and cut at the closing brace
//! of each top-level object (a small scanner that skips strings and their
//! escapes); each object is then handed to `serde_json` as a slice, which
//! lets records borrow their strings and is several times faster than
//! reading through `std::io::Read`. Memory holds one chunk plus the record
//! being cut, never the file.

use std::fs::File;
use std::io::{BufRead, BufReader, ErrorKind, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;
use memchr::{memchr2, memchr3, memchr_iter, memrchr};

/// Bytes read per chunk.
const CHUNK: usize = 256 * 1024;

/// A single record larger than this is refused rather than buffered: the
/// file is not a contact-record export (Connect caps a record's attributes
/// at 32 KB).
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// One top-level JSON object, cut from the file.
#[derive(Debug)]
pub struct RawObject<'b> {
    /// Its bytes, `{` … `}`.
    pub bytes: &'b [u8],
    /// 1-based line of its `{`.
    pub line: u64,
    /// 1-based column (bytes) of its `{`.
    pub column: u64,
    /// 1-based number of the object in the file.
    pub record: u64,
}

/// Something that stops the reading of a file.
#[derive(Debug)]
pub enum StreamError {
    /// The underlying read failed (or the gzip stream is corrupt).
    Io(std::io::Error),
    /// Not JSON at `line`:`column`.
    NotJson {
        /// 1-based line.
        line: u64,
        /// 1-based column.
        column: u64,
        /// What was found.
        problem: String,
    },
    /// The file ended inside `what`, which started at `line`:`column`.
    Truncated {
        /// 1-based line where it starts.
        line: u64,
        /// 1-based column where it starts.
        column: u64,
        /// Record number, for an unfinished record.
        record: Option<u64>,
        /// `this record` or `the JSON array`.
        what: &'static str,
    },
}

/// Where the reader is among the top-level values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Top {
    /// Nothing read yet.
    Start,
    /// Objects one after another (JSON lines, Firehose).
    Objects,
    /// Just after `[`.
    ArrayStart,
    /// After an element of an array.
    ArrayAfterValue,
    /// After a `,` in an array.
    ArrayNeedValue,
    /// After an array's `]`.
    AfterArray,
}

/// The top-level objects of one file.
pub struct ObjectStream<R> {
    reader: R,
    buf: Vec<u8>,
    /// Next unread byte of `buf`.
    pos: usize,
    eof: bool,
    /// Line and column of `buf[pos]`.
    line: u64,
    column: u64,
    top: Top,
    /// Where the open array started (line, column).
    array_at: (u64, u64),
    records: u64,
}

/// Opens `path`, decompressing it if it is gzip.
pub fn open(path: &Path) -> std::io::Result<ObjectStream<Box<dyn Read>>> {
    let mut file = BufReader::with_capacity(CHUNK, File::open(path)?);
    let gzip = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn Read> = if gzip {
        Box::new(MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(ObjectStream::new(reader))
}

impl<R: Read> ObjectStream<R> {
    /// Objects read from `reader`.
    pub fn new(reader: R) -> Self {
        ObjectStream {
            reader,
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            eof: false,
            line: 1,
            column: 1,
            top: Top::Start,
            array_at: (1, 1),
            records: 0,
        }
    }

    /// The next object, or `None` at the end of the file.
    pub fn next_object(&mut self) -> Result<Option<RawObject<'_>>, StreamError> {
        if !self.skip_to_next_object()? {
            return Ok(None);
        }
        let (line, column) = (self.line, self.column);
        self.records += 1;
        let len = self.object_len(line, column)?;
        let start = self.pos;
        self.advance(len);
        Ok(Some(RawObject {
            bytes: &self.buf[start..start + len],
            line,
            column,
            record: self.records,
        }))
    }

    /// Skips whitespace and the array punctuation between objects; true
    /// when `buf[pos]` is the `{` of the next object.
    fn skip_to_next_object(&mut self) -> Result<bool, StreamError> {
        loop {
            let Some(b) = self.peek()? else {
                return self.at_end();
            };
            match (self.top, b) {
                (_, b' ' | b'\t' | b'\r' | b'\n') => {}
                (Top::Start, 0xEF) if self.starts_with_bom()? => {
                    // A UTF-8 byte-order mark some editors write.
                    self.pos += 3;
                    continue;
                }
                (Top::Start | Top::AfterArray, b'[') => {
                    self.top = Top::ArrayStart;
                    self.array_at = (self.line, self.column);
                }
                (Top::Start | Top::Objects | Top::AfterArray, b'{') => {
                    self.top = Top::Objects;
                    return Ok(true);
                }
                (Top::ArrayStart | Top::ArrayNeedValue, b'{') => {
                    self.top = Top::ArrayAfterValue;
                    return Ok(true);
                }
                (Top::ArrayStart | Top::ArrayAfterValue, b']') => self.top = Top::AfterArray,
                (Top::ArrayAfterValue, b',') => self.top = Top::ArrayNeedValue,
                (top, b) => return Err(self.unexpected(top, b)),
            }
            self.advance(1);
        }
    }

    /// At the end of the file: fine between values, not inside an array.
    fn at_end(&self) -> Result<bool, StreamError> {
        match self.top {
            Top::ArrayStart | Top::ArrayAfterValue | Top::ArrayNeedValue => {
                Err(StreamError::Truncated {
                    line: self.array_at.0,
                    column: self.array_at.1,
                    record: None,
                    what: "the JSON array",
                })
            }
            _ => Ok(false),
        }
    }

    fn unexpected(&self, top: Top, b: u8) -> StreamError {
        let expected = match top {
            Top::Start => "`{` or `[` (a record or an array of records)",
            Top::Objects | Top::AfterArray => "`{` (the next record)",
            Top::ArrayStart => "`{` (a record) or `]`",
            Top::ArrayAfterValue => "`,` or `]` after a record in the array",
            Top::ArrayNeedValue => "`{` (a record) after `,`",
        };
        let found = if b.is_ascii_graphic() {
            format!("`{}`", b as char)
        } else {
            format!("byte 0x{b:02x}")
        };
        StreamError::NotJson {
            line: self.line,
            column: self.column,
            problem: format!("expected {expected}, found {found}"),
        }
    }

    /// The length of the object starting at `buf[pos]` (its `{`), reading
    /// more of the file as needed.
    fn object_len(&mut self, line: u64, column: u64) -> Result<usize, StreamError> {
        let mut i = 1; // offset from pos; the `{` is at 0
        let mut depth = 1u32;
        let mut in_string = false;
        loop {
            let hay = &self.buf[self.pos + i..];
            let found = if in_string {
                memchr2(b'"', b'\\', hay)
            } else {
                memchr3(b'{', b'}', b'"', hay)
            };
            let Some(k) = found else {
                i = self.buf.len() - self.pos;
                self.more(line, column)?;
                continue;
            };
            let at = i + k;
            match self.buf[self.pos + at] {
                b'\\' if self.pos + at + 1 >= self.buf.len() => {
                    // The escaped byte is in the next chunk: read it, then
                    // look at this backslash again.
                    i = at;
                    self.more(line, column)?;
                    continue;
                }
                b'\\' => i = at + 2,
                b'"' => {
                    in_string = !in_string;
                    i = at + 1;
                }
                b'{' => {
                    depth += 1;
                    i = at + 1;
                }
                _ => {
                    depth -= 1;
                    i = at + 1;
                    if depth == 0 {
                        return Ok(i);
                    }
                }
            }
        }
    }

    /// Reads another chunk for the object being cut; the end of the file
    /// here means the object is unfinished.
    fn more(&mut self, line: u64, column: u64) -> Result<(), StreamError> {
        if self.buf.len() - self.pos > MAX_RECORD_BYTES {
            return Err(StreamError::NotJson {
                line,
                column,
                problem: format!(
                    "a single JSON value of more than {} MiB",
                    MAX_RECORD_BYTES >> 20
                ),
            });
        }
        if self.fill()? == 0 {
            return Err(StreamError::Truncated {
                line,
                column,
                record: Some(self.records),
                what: "this record",
            });
        }
        Ok(())
    }

    /// The byte at `pos`, reading more if needed; `None` at the end.
    fn peek(&mut self) -> Result<Option<u8>, StreamError> {
        if self.pos == self.buf.len() && self.fill()? == 0 {
            return Ok(None);
        }
        Ok(Some(self.buf[self.pos]))
    }

    fn starts_with_bom(&mut self) -> Result<bool, StreamError> {
        while self.buf.len() - self.pos < 3 && self.fill()? > 0 {}
        Ok(self.buf[self.pos..].starts_with(&[0xEF, 0xBB, 0xBF]))
    }

    /// Drops what was consumed and reads one more chunk; the bytes read.
    fn fill(&mut self) -> Result<usize, StreamError> {
        if self.eof {
            return Ok(0);
        }
        self.buf.drain(..self.pos);
        self.pos = 0;
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let n = loop {
            match self.reader.read(&mut self.buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(StreamError::Io(e));
                }
            }
        };
        self.buf.truncate(old + n);
        self.eof = n == 0;
        Ok(n)
    }

    /// Consumes `n` bytes, keeping line and column.
    fn advance(&mut self, n: usize) {
        let bytes = &self.buf[self.pos..self.pos + n];
        let newlines = memchr_iter(b'\n', bytes).count() as u64;
        if newlines == 0 {
            self.column += n as u64;
        } else {
            self.line += newlines;
            let last = memrchr(b'\n', bytes).unwrap_or(0);
            self.column = (n - last) as u64;
        }
        self.pos += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every object of `text` read through a reader that hands out
    /// `chunk` bytes at a time (so objects straddle reads).
    fn objects(text: &str, chunk: usize) -> Result<Vec<(String, u64, u64, u64)>, StreamError> {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(self.0.len()).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut s = ObjectStream::new(Trickle(text.as_bytes(), chunk));
        let mut out = Vec::new();
        while let Some(o) = s.next_object()? {
            let text = String::from_utf8_lossy(o.bytes).into_owned();
            out.push((text, o.line, o.column, o.record));
        }
        Ok(out)
    }

    #[test]
    fn every_layout_gives_the_same_objects() {
        let a = r#"{"x":"}{\"\\","y":{"z":[{}]}}"#;
        let b = r#"{"w":1}"#;
        for text in [
            format!("{a}\n{b}\n"),
            format!("{a}{b}"),
            format!("[{a},\n {b}]"),
            format!("\u{feff}[{a}][ ]{b}"),
        ] {
            for chunk in [1, 2, 3, 7, 1000] {
                let got = objects(&text, chunk).unwrap_or_else(|e| panic!("{text}: {e:?}"));
                let bodies: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
                assert_eq!(bodies, [a, b], "{text} by {chunk}");
                assert_eq!((got[0].3, got[1].3), (1, 2));
            }
        }
    }

    #[test]
    fn positions_count_lines_and_columns() {
        let got = objects("\n  {\"a\":\n1}  {}\n{}", 4).unwrap();
        let at: Vec<(u64, u64)> = got.iter().map(|g| (g.1, g.2)).collect();
        assert_eq!(at, [(2, 3), (3, 5), (4, 1)]);
    }

    #[test]
    fn broken_files_say_where() {
        match objects("{\"a\":1}\n{\"b\":\"}", 3) {
            Err(StreamError::Truncated {
                line: 2,
                column: 1,
                record: Some(2),
                what: "this record",
            }) => {}
            other => panic!("{other:?}"),
        }
        match objects("[{},\n{}", 5) {
            Err(StreamError::Truncated {
                line: 1,
                column: 1,
                record: None,
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
        match objects("{}\nhello", 5) {
            Err(StreamError::NotJson {
                line: 2,
                column: 1,
                problem,
            }) => {
                assert!(problem.contains("found `h`"), "{problem}")
            }
            other => panic!("{other:?}"),
        }
        match objects("[{} {}]", 5) {
            Err(StreamError::NotJson {
                line: 1,
                column: 5,
                problem,
            }) => {
                assert!(problem.contains("`,` or `]`"), "{problem}")
            }
            other => panic!("{other:?}"),
        }
        assert!(objects("  \n", 1).unwrap().is_empty());
    }
}
