//! The `.hdr` files: a [`DurationHistogram`] in HdrHistogram's V2
//! compressed encoding, the format every HdrHistogram library reads
//! (`hdrhistogram`'s `V2DeflateSerializer` in Rust, `HistogramLogReader`
//! in Java). Written here from the histogram's own counters, byte for byte
//! what `V2DeflateSerializer` writes for the same histogram (the tests
//! compare them), without first copying the counters into an
//! `hdrhistogram` histogram of 21,504 of them.
//!
//! The encoding: a 40-byte header (cookie, payload length, normalising
//! index offset, significant digits, lowest and highest trackable value,
//! integer-to-double ratio; big-endian), then the counters from the first
//! through the one holding the maximum, each zig-zag LEB128 encoded, a run
//! of more than one zero as its negated length. The compressed form is a
//! cookie, the zlib stream's length and the zlib stream of all that
//! (`flate2`'s default level, as `V2DeflateSerializer` uses).

use flate2::{Compress, Compression, FlushCompress, Status};

use crate::stats::hist::{DurationHistogram, HISTOGRAM_MAX_MS, SIGNIFICANT_DIGITS};

/// Marks an uncompressed V2 payload (HdrHistogram's V2 cookie base with
/// the word size 8 in bits 4–7).
const V2_COOKIE: u32 = 0x1c84_9303 | 0x10;
/// Marks a compressed V2 payload.
const V2_COMPRESSED_COOKIE: u32 = 0x1c84_9304 | 0x10;

/// Appends `v` as HdrHistogram's variable-length integer: LEB128 for up to
/// eight 7-bit groups, then a ninth byte holding the last 8 bits whole.
fn put_varint(mut v: u64, out: &mut Vec<u8>) {
    for _ in 0..8 {
        if v >> 7 == 0 {
            out.push(v as u8);
            return;
        }
        out.push(0x80 | (v & 0x7f) as u8);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends one encoded counter (or run of zeros): zig-zag, then varint.
fn put_count(v: i64, out: &mut Vec<u8>) {
    put_varint(((v << 1) ^ (v >> 63)) as u64, out);
}

/// The uncompressed V2 encoding of `h`.
fn encode(h: &DurationHistogram) -> Vec<u8> {
    let counts = h.counts_through_max();
    let mut out = Vec::with_capacity(40 + counts.len() * 2);
    out.extend(V2_COOKIE.to_be_bytes());
    out.extend(0u32.to_be_bytes()); // payload length, set below
    out.extend(0u32.to_be_bytes()); // normalising index offset
    out.extend(SIGNIFICANT_DIGITS.to_be_bytes());
    out.extend(1u64.to_be_bytes()); // lowest discernible value, ms
    out.extend(HISTOGRAM_MAX_MS.to_be_bytes());
    out.extend(1.0f64.to_be_bytes()); // integer-to-double ratio
    let mut i = 0;
    while i < counts.len() {
        let count = counts[i];
        i += 1;
        if count == 0 {
            let mut zeros = 1i64;
            while i < counts.len() && counts[i] == 0 {
                zeros += 1;
                i += 1;
            }
            put_count(if zeros > 1 { -zeros } else { 0 }, &mut out);
        } else {
            // A count beyond i64 would take centuries of simulation.
            put_count(i64::try_from(count).unwrap_or(i64::MAX), &mut out);
        }
    }
    let payload = (out.len() - 40) as u32;
    out[4..8].copy_from_slice(&payload.to_be_bytes());
    out
}

/// Writes `.hdr` files' bytes, one histogram after another, with one zlib
/// compressor: making a compressor allocates and clears some 300 kB of
/// tables, which cost as much as compressing a point's small histograms.
/// A reset compressor writes the same stream as a new one. (Twin
/// histograms — equal counters — are the caller's to share:
/// `output::files` writes each distinct one once.)
pub struct HdrEncoder {
    zlib: Compress,
}

impl Default for HdrEncoder {
    fn default() -> Self {
        Self::new()
    }
}

impl HdrEncoder {
    /// An encoder at `flate2`'s default level, as `V2DeflateSerializer`
    /// compresses.
    pub fn new() -> Self {
        HdrEncoder {
            zlib: Compress::new(Compression::default(), true),
        }
    }

    /// The compressed V2 encoding of `h`: the bytes of a `.hdr` file.
    pub fn file_bytes(&mut self, h: &DurationHistogram) -> std::io::Result<Vec<u8>> {
        self.compress(&encode(h))
    }

    /// The compressed form of the uncompressed encoding `raw`.
    fn compress(&mut self, raw: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(raw.len() / 2 + 64);
        out.extend(V2_COMPRESSED_COOKIE.to_be_bytes());
        out.extend(0u32.to_be_bytes()); // zlib stream length, set below
        self.zlib.reset();
        loop {
            let read = self.zlib.total_in() as usize;
            let status = self
                .zlib
                .compress_vec(&raw[read..], &mut out, FlushCompress::Finish)
                .map_err(std::io::Error::other)?;
            if status == Status::StreamEnd {
                break;
            }
            // Out of room: more, and go on where it stopped.
            out.reserve(out.capacity().max(64));
        }
        let len = (out.len() - 8) as u32;
        out[4..8].copy_from_slice(&len.to_be_bytes());
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hdrhistogram::serialization::{
        Deserializer, Serializer, V2DeflateSerializer, V2Serializer,
    };
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn hdrhistograms_bytes(h: &DurationHistogram) -> (Vec<u8>, Vec<u8>) {
        let hdr = h.to_hdr();
        let (mut raw, mut compressed) = (Vec::new(), Vec::new());
        V2Serializer::new()
            .serialize(&hdr, &mut raw)
            .unwrap_or_else(|e| panic!("{e}"));
        V2DeflateSerializer::new()
            .serialize(&hdr, &mut compressed)
            .unwrap_or_else(|e| panic!("{e}"));
        (raw, compressed)
    }

    /// Empty, all-zero, one value, and random histograms at several
    /// spreads (long runs of zeros, counts needing several varint bytes):
    /// the same bytes as hdrhistogram's serialisers, and they read back.
    #[test]
    fn writes_what_hdrhistogram_writes() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut cases = vec![DurationHistogram::new()];
        let mut zeros = DurationHistogram::new();
        for _ in 0..500 {
            let _ = zeros.record(0);
        }
        cases.push(zeros);
        let mut one = DurationHistogram::new();
        let _ = one.record(604_800_000);
        cases.push(one);
        let mut emptied = cases[1].clone();
        emptied.reset();
        cases.push(emptied);
        // Every bucket counted, a different count each: the largest
        // payload there is (some 43 kB before compression, more than one
        // compressor buffer).
        let mut full = DurationHistogram::new();
        let mut ms = 0u64;
        let mut k = 0u64;
        while full.record(ms).is_ok() {
            for _ in 0..(k * 7919 % 1000 + 64) {
                let _ = full.record(ms);
            }
            ms = full.max() + 1;
            k += 1;
        }
        assert!(encode(&full).len() > 40_000);
        cases.push(full);
        for round in 0..40 {
            let mut d = DurationHistogram::new();
            let n = [1, 7, 300, 20_000][round % 4];
            let scale = [5.0, 900.0, 90_000.0, 20_000_000.0, 1e9][round % 5];
            for _ in 0..n {
                let _ = d.record((-(1.0 - rng.gen::<f64>()).ln() * scale) as u64);
            }
            cases.push(d);
        }
        // One encoder for all, as a point's files are written.
        let mut encoder = HdrEncoder::new();
        for (k, d) in cases.iter().enumerate() {
            let (raw, compressed) = hdrhistograms_bytes(d);
            assert_eq!(encode(d), raw, "case {k}");
            let ours = encoder.file_bytes(d).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(ours, compressed, "case {k}");
            let back: hdrhistogram::Histogram<u64> = Deserializer::new()
                .deserialize(&mut ours.as_slice())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(back.len(), d.len(), "case {k}");
        }
    }

    /// One encoder, reset between histograms, writes for each what
    /// `V2DeflateSerializer` writes, in any order; equal counters built
    /// different ways (recorded, added, an empty one and a reset one) are
    /// written alike.
    #[test]
    fn a_reused_encoder_writes_what_hdrhistogram_writes() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let mut a = DurationHistogram::new();
        for _ in 0..5_000 {
            let _ = a.record(rng.gen_range(0..400_000));
        }
        let mut b = DurationHistogram::new();
        for _ in 0..300 {
            let _ = b.record(rng.gen_range(0..90_000));
        }
        let mut a_again = DurationHistogram::new();
        a_again.add(&a);
        let mut emptied = b.clone();
        emptied.reset();
        let order = [
            &a,
            &b,
            &a_again,
            &DurationHistogram::new(),
            &b,
            &emptied,
            &a,
        ];
        let mut encoder = HdrEncoder::new();
        for (k, h) in order.iter().enumerate() {
            let ours = encoder.file_bytes(h).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(ours, hdrhistograms_bytes(h).1, "histogram {k}");
        }
    }

    /// The varint's edges, worked by hand from HdrHistogram's definition
    /// (counts large enough for the ninth byte never occur in a
    /// simulation, so the comparison above cannot reach it).
    #[test]
    fn varints_follow_the_definition() {
        let enc = |v: u64| {
            let mut out = Vec::new();
            put_varint(v, &mut out);
            out
        };
        assert_eq!(enc(0), [0]);
        assert_eq!(enc(127), [127]);
        assert_eq!(enc(128), [0x80, 1]);
        assert_eq!(enc(300), [0xac, 0x02]);
        assert_eq!(
            enc((1 << 56) - 1),
            [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]
        );
        assert_eq!(
            enc(1 << 56),
            [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1]
        );
        assert_eq!(enc(u64::MAX), [0xff; 9]);
        let mut z = Vec::new();
        put_count(-3, &mut z);
        put_count(3, &mut z);
        assert_eq!(z, [5, 6]);
    }
}
