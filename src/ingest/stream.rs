//! The JSON objects of one contact-record file, one at a time, whatever the
//! layout: JSON lines, one top-level array of records (or several in a
//! row), or objects written one after another with no separator at all —
//! Firehose concatenates records as `}{`. Gzip'd files (recognised by their
//! magic bytes `1f 8b`, whatever their name) are decompressed as a stream.
//!
//! The file is read in chunks into one buffer. This module walks the
//! punctuation between records (blanks, `[`, `,`, `]`) and hands the caller
//! the buffer from the start of each record; the caller parses one value
//! from it (`serde_json` on a slice, which lets records borrow their
//! strings and is several times faster than parsing through
//! `std::io::Read`) and says how many bytes it took — or that the buffer
//! ends inside the record, and more is read. Memory holds a chunk plus the
//! record being read, never the file.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;
use memchr::{memchr_iter, memrchr};

use super::error::{GzipDamage, IngestError, Location};

/// Bytes read per chunk (at least).
const CHUNK: usize = 256 * 1024;

/// A single record larger than this is refused rather than buffered: the
/// file is not a contact-record export (Connect caps a record's attributes
/// at 32 KB).
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// Where a record starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    /// 1-based line of its `{`.
    pub line: u64,
    /// 1-based column (bytes) of its `{`.
    pub column: u64,
    /// 1-based number of the record in the file.
    pub record: u64,
}

impl At {
    /// The record's [`Location`] in `path`, without a column.
    pub fn location(&self, path: &Path) -> Location {
        Location {
            path: path.to_path_buf(),
            line: self.line,
            column: None,
            record: Some(self.record),
        }
    }
}

/// What parsing a record from the front of the buffer gave.
#[derive(Debug)]
pub enum Step<O> {
    /// The record's value, and the bytes it took.
    Done(O, usize),
    /// The buffer ends inside the record: read more and parse again.
    Incomplete,
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

/// The top-level records of one file.
pub struct ObjectStream<R> {
    path: PathBuf,
    reader: R,
    /// Bytes read at a time (at least).
    chunk: usize,
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
pub fn open(path: &Path) -> Result<ObjectStream<Box<dyn Read>>, IngestError> {
    let read = |e| IngestError::read(path, e);
    let mut file = BufReader::with_capacity(CHUNK, File::open(path).map_err(read)?);
    let gzip = file.fill_buf().map_err(read)?.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn Read> = if gzip {
        Box::new(Gzip(MultiGzDecoder::new(file)))
    } else {
        Box::new(file)
    };
    Ok(ObjectStream::new(path, reader))
}

/// A gzip decoder whose errors say so ([`GzipDamage`]).
struct Gzip<R>(R);

impl<R: Read> Read for Gzip<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf).map_err(GzipDamage::wrap)
    }
}

impl<R: Read> ObjectStream<R> {
    /// Records of `path`, read from `reader`.
    pub fn new(path: &Path, reader: R) -> Self {
        Self::with_chunk(path, reader, CHUNK)
    }

    /// Records of `path`, read from `reader` `chunk` bytes at a time (tests
    /// use tiny chunks, so that records straddle reads).
    pub fn with_chunk(path: &Path, reader: R, chunk: usize) -> Self {
        ObjectStream {
            path: path.to_path_buf(),
            reader,
            chunk: chunk.max(1),
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

    /// The next record, parsed by `parse` from the buffer starting at its
    /// `{` (with the file and the record's place, for errors); `None` at
    /// the end of the file.
    pub fn next_value<O>(
        &mut self,
        mut parse: impl FnMut(&[u8], &Path, At) -> Result<Step<O>, IngestError>,
    ) -> Result<Option<O>, IngestError> {
        if !self.skip_to_next_object()? {
            return Ok(None);
        }
        self.records += 1;
        let at = At {
            line: self.line,
            column: self.column,
            record: self.records,
        };
        loop {
            match parse(&self.buf[self.pos..], &self.path, at)? {
                Step::Done(out, len) => {
                    self.advance(len);
                    return Ok(Some(out));
                }
                Step::Incomplete => self.more(at)?,
            }
        }
    }

    /// Skips blanks and the array punctuation between records; true when
    /// `buf[pos]` is the `{` of the next record.
    fn skip_to_next_object(&mut self) -> Result<bool, IngestError> {
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
    fn at_end(&self) -> Result<bool, IngestError> {
        match self.top {
            Top::ArrayStart | Top::ArrayAfterValue | Top::ArrayNeedValue => {
                Err(IngestError::Truncated {
                    at: Box::new(self.location(self.array_at, None)),
                    what: "the JSON array".into(),
                })
            }
            _ => Ok(false),
        }
    }

    fn location(&self, (line, column): (u64, u64), record: Option<u64>) -> Location {
        Location {
            path: self.path.clone(),
            line,
            column: Some(u32::try_from(column).unwrap_or(u32::MAX)),
            record,
        }
    }

    fn unexpected(&self, top: Top, b: u8) -> IngestError {
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
        IngestError::NotJson {
            at: Box::new(self.location((self.line, self.column), None)),
            problem: format!("expected {expected}, found {found}"),
        }
    }

    /// Reads more for the record starting at `at`; the end of the file here
    /// means the record is unfinished.
    fn more(&mut self, at: At) -> Result<(), IngestError> {
        let start = (at.line, at.column);
        if self.buf.len() - self.pos > MAX_RECORD_BYTES {
            return Err(IngestError::NotJson {
                at: Box::new(self.location(start, Some(at.record))),
                problem: format!(
                    "a single record of more than {} MiB",
                    MAX_RECORD_BYTES >> 20
                ),
            });
        }
        if self.fill()? == 0 {
            return Err(IngestError::Truncated {
                at: Box::new(self.location(start, Some(at.record))),
                what: "this record".into(),
            });
        }
        Ok(())
    }

    /// The byte at `pos`, reading more if needed; `None` at the end.
    fn peek(&mut self) -> Result<Option<u8>, IngestError> {
        if self.pos == self.buf.len() && self.fill()? == 0 {
            return Ok(None);
        }
        Ok(Some(self.buf[self.pos]))
    }

    fn starts_with_bom(&mut self) -> Result<bool, IngestError> {
        while self.buf.len() - self.pos < 3 && self.fill()? > 0 {}
        Ok(self.buf[self.pos..].starts_with(&[0xEF, 0xBB, 0xBF]))
    }

    /// Drops what was consumed and reads more (at least as much as is
    /// kept, so a long record is re-parsed a logarithmic number of times);
    /// the bytes read, 0 at the end of the file.
    fn fill(&mut self) -> Result<usize, IngestError> {
        if self.eof {
            return Ok(0);
        }
        self.buf.drain(..self.pos);
        self.pos = 0;
        let old = self.buf.len();
        let want = self.chunk.max(old);
        // Read the whole chunk (a gzip decoder hands out little at a time)
        // straight into the buffer's spare room: `read_to_end` on a `take`
        // neither zeroes that room first nor stops at a short read, and it
        // retries interrupted reads.
        if let Err(e) = (&mut self.reader)
            .take(want as u64)
            .read_to_end(&mut self.buf)
        {
            self.buf.truncate(old);
            return Err(IngestError::read(&self.path, e));
        }
        let got = self.buf.len() - old;
        self.eof = got == 0;
        Ok(got)
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
    use serde::de::IgnoredAny;

    /// Every record of `text`: its text and place.
    fn objects(text: &str, chunk: usize) -> Result<Vec<(String, At)>, IngestError> {
        let mut s = ObjectStream::with_chunk(Path::new("f"), text.as_bytes(), chunk);
        let mut out = Vec::new();
        let parse = |bytes: &[u8], _: &Path, at: At| {
            let mut it = serde_json::Deserializer::from_slice(bytes).into_iter::<IgnoredAny>();
            match it.next() {
                Some(Ok(_)) => {
                    let n = it.byte_offset();
                    let text = String::from_utf8_lossy(&bytes[..n]).into_owned();
                    Ok(Step::Done((text, at), n))
                }
                Some(Err(e)) if e.is_eof() => Ok(Step::Incomplete),
                other => panic!("{other:?}"),
            }
        };
        while let Some(o) = s.next_value(parse)? {
            out.push(o);
        }
        Ok(out)
    }

    #[test]
    fn every_layout_gives_the_same_records() {
        let a = r#"{"x":"}{\"\\","y":{"z":[{}]}}"#;
        let b = r#"{"w":1}"#;
        for text in [
            format!("{a}\n{b}\n"),
            format!("{a}{b}"),
            format!("[{a},\n {b}]"),
            format!("\u{feff}[{a}][ ]{b}"),
        ] {
            for chunk in [1, 2, 3, 7, 1000] {
                let got = objects(&text, chunk).unwrap_or_else(|e| panic!("{text}: {e}"));
                let bodies: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
                assert_eq!(bodies, [a, b], "{text} by {chunk}");
                assert_eq!((got[0].1.record, got[1].1.record), (1, 2));
            }
        }
    }

    #[test]
    fn positions_count_lines_and_columns() {
        let got = objects("\n  {\"a\":\n1}  {}\n{}", 4).unwrap();
        let at: Vec<(u64, u64)> = got.iter().map(|g| (g.1.line, g.1.column)).collect();
        assert_eq!(at, [(2, 3), (3, 5), (4, 1)]);
    }

    #[test]
    fn broken_files_say_where() {
        let e = objects("{\"a\":1}\n{\"b\":\"}", 3).unwrap_err().to_string();
        assert!(
            e.starts_with("f:2:1 (record 2): the file ends inside this record"),
            "{e}"
        );
        let e = objects("[{},\n{}", 5).unwrap_err().to_string();
        assert!(
            e.starts_with("f:1:1: the file ends inside the JSON array"),
            "{e}"
        );
        let e = objects("{}\nhello", 5).unwrap_err().to_string();
        assert!(
            e.starts_with("f:2:1: not JSON: expected `{` (the next record), found `h`"),
            "{e}"
        );
        let e = objects("[{} {}]", 5).unwrap_err().to_string();
        assert!(e.contains("f:1:5: not JSON: expected `,` or `]`"), "{e}");
        assert!(objects("  \n", 1).unwrap().is_empty());
    }
}
