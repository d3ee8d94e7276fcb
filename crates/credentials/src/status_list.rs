//! The bitstring of a Bitstring Status List (W3C Bitstring Status List v1.0).
//!
//! - The list is at least 131,072 entries long (16 KiB uncompressed: §2.2, `encodedList`), so
//!   that one credential's entry hides among many (Privacy Considerations, "Revocation
//!   Bitstring Length"); a shorter list is a `STATUS_LIST_LENGTH_ERROR` (§3.2, step 9).
//! - Entry `i` is bit `i` counting from the left: index 0 is the left-most bit, that is the most
//!   significant bit of the first byte (§2.2, `encodedList`).
//! - `encodedList` is the GZIP (RFC 1952) of the bitstring, in multibase base64url without
//!   padding (RFC 4648 §5), whose multibase prefix is `u` (§2.2; §3.3 "Bitstring Generation
//!   Algorithm"); [`StatusList::decode`] reverses it (§3.4 "Bitstring Expansion Algorithm").
//!
//! Only single-bit statuses (`statusSize` 1, the default of §2.1) are modelled.

use std::io::{Read as _, Write as _};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use crate::encoding::{b64url, b64url_decode};
use crate::{Error, Result};

/// The minimum number of entries of a list (§2.2, §3.2): 131,072, that is 16 KiB.
pub const MIN_ENTRIES: usize = 131_072;
/// The largest list [`StatusList::decode`] expands, in bytes (16 MiB, 134 million entries):
/// a bound against compression bombs.
pub const MAX_DECODED_BYTES: usize = 16 * 1024 * 1024;

/// A bitstring of statuses: one bit per credential, `true` when the status is set (revoked or
/// suspended, depending on the list's `statusPurpose`).
#[derive(Clone, PartialEq, Eq)]
pub struct StatusList {
    bytes: Vec<u8>,
}

impl StatusList {
    /// A list of [`MIN_ENTRIES`] entries, all unset.
    #[must_use]
    pub fn new() -> Self {
        Self {
            bytes: vec![0; MIN_ENTRIES / 8],
        }
    }

    /// A list of at least `entries` entries (rounded up to a whole number of bytes), all unset.
    ///
    /// # Errors
    /// [`Error::InvalidStatusList`] if `entries` is below [`MIN_ENTRIES`] or above the
    /// [`MAX_DECODED_BYTES`] bound.
    pub fn with_entries(entries: usize) -> Result<Self> {
        if entries < MIN_ENTRIES {
            return Err(Error::InvalidStatusList(
                "a status list has at least 131,072 entries",
            ));
        }
        let bytes = entries.div_ceil(8);
        if bytes > MAX_DECODED_BYTES {
            return Err(Error::InvalidStatusList("the status list is too long"));
        }
        Ok(Self {
            bytes: vec![0; bytes],
        })
    }

    /// The number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.bytes.len() * 8
    }

    /// Always `false`: a list has at least [`MIN_ENTRIES`] entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The bitstring.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bitstring, taken back.
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// A list from its raw bitstring (as [`StatusList::as_bytes`] gave it).
    ///
    /// # Errors
    /// [`Error::InvalidStatusList`] if it holds fewer than [`MIN_ENTRIES`] entries or more
    /// than [`MAX_DECODED_BYTES`] bytes.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        if bytes.len() * 8 < MIN_ENTRIES {
            return Err(Error::InvalidStatusList(
                "a status list has at least 131,072 entries",
            ));
        }
        if bytes.len() > MAX_DECODED_BYTES {
            return Err(Error::InvalidStatusList("the status list is too long"));
        }
        Ok(Self { bytes })
    }

    fn position(&self, index: usize) -> Result<(usize, u8)> {
        if index >= self.len() {
            return Err(Error::StatusIndexOutOfRange {
                index,
                len: self.len(),
            });
        }
        Ok((index / 8, 0x80 >> (index % 8)))
    }

    /// Whether entry `index` is set.
    ///
    /// # Errors
    /// [`Error::StatusIndexOutOfRange`] if `index` is not below [`StatusList::len`].
    pub fn get(&self, index: usize) -> Result<bool> {
        let (byte, mask) = self.position(index)?;
        Ok(self.bytes.get(byte).is_some_and(|b| b & mask != 0))
    }

    /// Sets or clears entry `index`.
    ///
    /// # Errors
    /// [`Error::StatusIndexOutOfRange`] if `index` is not below [`StatusList::len`].
    pub fn set(&mut self, index: usize, value: bool) -> Result<()> {
        let (byte, mask) = self.position(index)?;
        if let Some(b) = self.bytes.get_mut(byte) {
            if value {
                *b |= mask;
            } else {
                *b &= !mask;
            }
        }
        Ok(())
    }

    /// `encodedList`: `u` + base64url without padding of the GZIP of the bitstring (§3.3).
    ///
    /// # Errors
    /// [`Error::InvalidStatusList`] if compression fails (it does not for an in-memory buffer).
    pub fn encode(&self) -> Result<String> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        encoder
            .write_all(&self.bytes)
            .map_err(|_| Error::InvalidStatusList("compression failed"))?;
        let gzip = encoder
            .finish()
            .map_err(|_| Error::InvalidStatusList("compression failed"))?;
        Ok(format!("u{}", b64url(&gzip)))
    }

    /// Expands an `encodedList` (§3.4) and checks its length (§3.2, step 9).
    ///
    /// # Errors
    /// [`Error::InvalidStatusList`] if it does not start with `u`, is not base64url without
    /// padding, is not GZIP (or carries data after the GZIP member), expands to fewer than
    /// 16 KiB or more than [`MAX_DECODED_BYTES`].
    pub fn decode(encoded: &str) -> Result<Self> {
        let rest = encoded.strip_prefix('u').ok_or(Error::InvalidStatusList(
            "encodedList is not multibase base64url (u…)",
        ))?;
        let gzip =
            b64url_decode(rest).ok_or(Error::InvalidStatusList("encodedList is not base64url"))?;
        let mut decoder = GzDecoder::new(gzip.as_slice());
        let mut bytes = Vec::new();
        let limit = u64::try_from(MAX_DECODED_BYTES).unwrap_or(u64::MAX) + 1;
        (&mut decoder)
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|_| Error::InvalidStatusList("encodedList is not GZIP"))?;
        if bytes.len() > MAX_DECODED_BYTES {
            return Err(Error::InvalidStatusList("the status list is too long"));
        }
        if !decoder.into_inner().is_empty() {
            return Err(Error::InvalidStatusList("data after the GZIP stream"));
        }
        if bytes.len() < MIN_ENTRIES / 8 {
            return Err(Error::InvalidStatusList(
                "a status list has at least 131,072 entries",
            ));
        }
        Ok(Self { bytes })
    }
}

impl Default for StatusList {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for StatusList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = self
            .bytes
            .iter()
            .map(|b| b.count_ones() as usize)
            .sum::<usize>();
        f.debug_struct("StatusList")
            .field("entries", &self.len())
            .field("set", &set)
            .finish()
    }
}

/// The start of the HKDF `info` that derives the key of [`shuffled_index`], before the
/// context.
pub const INDEX_INFO_PREFIX: &[u8] = b"certa-credentials/status-index/v1/";

/// The key that shuffles the indexes of one issuer's lists: HKDF-SHA256 (RFC 5869) of the
/// master secret, without salt, with info [`INDEX_INFO_PREFIX`] ‖ context (the tenant id).
///
/// # Errors
/// [`Error::WeakMasterSecret`] if `master` is shorter than 32 bytes.
pub fn index_key(master: &[u8], context: &str) -> Result<zeroize::Zeroizing<[u8; 32]>> {
    use hkdf::Hkdf;
    use sha2::Sha256;
    if master.len() < crate::seal::MIN_MASTER_SECRET_LENGTH {
        return Err(Error::WeakMasterSecret {
            min: crate::seal::MIN_MASTER_SECRET_LENGTH,
        });
    }
    let mut info = Vec::with_capacity(INDEX_INFO_PREFIX.len() + context.len());
    info.extend_from_slice(INDEX_INFO_PREFIX);
    info.extend_from_slice(context.as_bytes());
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, master)
        .expand(&info, key.as_mut())
        .map_err(|_| Error::InvalidStatusList("cannot derive the index key"))?;
    Ok(key)
}

/// Half of the 18-bit block [`feistel`] permutes.
const HALF_BITS: u32 = 9;
const HALF_MASK: u32 = (1 << HALF_BITS) - 1;

/// A keyed permutation of `0..2^18`: a four-round Feistel network whose round function is
/// SHA-256 of the key, the round and the right half.
fn feistel(key: &[u8; 32], x: u32) -> u32 {
    use sha2::{Digest as _, Sha256};
    let (mut left, mut right) = (x >> HALF_BITS, x & HALF_MASK);
    for round in 0u8..4 {
        let mut h = Sha256::new();
        h.update(key);
        h.update([round]);
        h.update(right.to_be_bytes());
        let d = h.finalize();
        let f = (u32::from(d[0]) << 8 | u32::from(d[1])) & HALF_MASK;
        (left, right) = (right, left ^ f);
    }
    left << HALF_BITS | right
}

/// The index of the `n`-th entry handed out in a list of [`MIN_ENTRIES`]: a keyed
/// permutation of `0..MIN_ENTRIES` (a keyed Feistel permutation of 18 bits, walked until it
/// lands inside the list), so that two entries never share an index, and the indexes follow
/// no order an outsider could read the issue order from (Bitstring Status List v1.0,
/// Privacy Considerations: indexes are assigned at random).
///
/// # Errors
/// [`Error::InvalidStatusList`] if `n` is not below [`MIN_ENTRIES`].
pub fn shuffled_index(key: &[u8; 32], n: u32) -> Result<u32> {
    let size = u32::try_from(MIN_ENTRIES).unwrap_or(u32::MAX);
    if n >= size {
        return Err(Error::InvalidStatusList("the list has no free entry left"));
    }
    let mut x = n;
    // A cycle of the permutation through `n` comes back inside the list: at most 2^18 steps,
    // two on average.
    loop {
        x = feistel(key, x);
        if x < size {
            return Ok(x);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_list_has_131072_unset_entries() {
        let list = StatusList::new();
        assert_eq!(list.len(), 131_072);
        assert_eq!(list.as_bytes().len(), 16 * 1024);
        assert!(!list.is_empty());
        assert!((0..list.len()).all(|i| !list.get(i).unwrap()));
    }

    #[test]
    fn index_0_is_the_most_significant_bit_of_the_first_byte() {
        let mut list = StatusList::new();
        list.set(0, true).unwrap();
        list.set(9, true).unwrap();
        assert_eq!(&list.as_bytes()[..3], &[0x80, 0x40, 0x00]);
        list.set(7, true).unwrap();
        assert_eq!(list.as_bytes()[0], 0x81);
        let last = list.len() - 1;
        list.set(last, true).unwrap();
        assert_eq!(list.as_bytes()[16 * 1024 - 1], 0x01);
        for i in [0, 7, 9, last] {
            assert!(list.get(i).unwrap(), "{i}");
        }
        for i in [1, 6, 8, 10, last - 1] {
            assert!(!list.get(i).unwrap(), "{i}");
        }
        list.set(7, false).unwrap();
        assert!(!list.get(7).unwrap());
        assert_eq!(list.as_bytes()[0], 0x80);
    }

    #[test]
    fn indexes_past_the_end_are_errors() {
        let mut list = StatusList::new();
        assert!(matches!(
            list.get(131_072),
            Err(Error::StatusIndexOutOfRange {
                index: 131_072,
                len: 131_072
            })
        ));
        assert!(list.set(usize::MAX, true).is_err());
    }

    #[test]
    fn encode_and_decode_round_trip() {
        let mut list = StatusList::new();
        for i in [0, 7, 9, 4242, 131_071] {
            list.set(i, true).unwrap();
        }
        let encoded = list.encode().unwrap();
        assert!(
            encoded.starts_with("uH4sI"),
            "GZIP magic 1f 8b 08: {encoded}"
        );
        assert!(!encoded.contains('='));
        assert!(encoded.len() < 200);
        let decoded = StatusList::decode(&encoded).unwrap();
        assert_eq!(decoded, list);
        assert!(decoded.get(4242).unwrap());
        assert!(!decoded.get(4243).unwrap());
    }

    #[test]
    fn the_specifications_example_decodes() {
        // The `encodedList` of the example BitstringStatusListCredential of §2.2: an empty list.
        let list = StatusList::decode(
            "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
        )
        .unwrap();
        assert_eq!(list, StatusList::new());
    }

    #[test]
    fn a_known_encoding_decodes() {
        // An all-zero list as gzip'd by another tool must expand to the same list.
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(&[0u8; 16 * 1024]).unwrap();
        let encoded = format!("u{}", b64url(&encoder.finish().unwrap()));
        assert_eq!(StatusList::decode(&encoded).unwrap(), StatusList::new());
    }

    #[test]
    fn longer_lists() {
        let mut list = StatusList::with_entries(131_073).unwrap();
        assert_eq!(list.len(), 131_080);
        list.set(131_079, true).unwrap();
        let decoded = StatusList::decode(&list.encode().unwrap()).unwrap();
        assert!(decoded.get(131_079).unwrap());
        assert!(StatusList::with_entries(131_071).is_err());
        assert!(StatusList::with_entries(usize::MAX).is_err());
    }

    fn gzip_encoded(bytes: &[u8]) -> String {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(bytes).unwrap();
        format!("u{}", b64url(&encoder.finish().unwrap()))
    }

    #[test]
    fn bad_encodings_are_refused() {
        let good = StatusList::new().encode().unwrap();
        // Not `u`-prefixed (multibase base64, base58btc, or nothing).
        assert!(StatusList::decode(&good[1..]).is_err());
        assert!(StatusList::decode(&format!("z{}", &good[1..])).is_err());
        assert!(StatusList::decode(&format!("m{}", &good[1..])).is_err());
        assert!(StatusList::decode("").is_err());
        assert!(StatusList::decode("u").is_err());
        // Padded, or not GZIP.
        assert!(StatusList::decode(&format!("{good}=")).is_err());
        assert!(StatusList::decode(&format!("u{}", b64url(&[0u8; 64]))).is_err());
        // Truncated GZIP.
        assert!(StatusList::decode(&good[..good.len() - 8]).is_err());
        // Shorter than 16 KiB.
        assert!(matches!(
            StatusList::decode(&gzip_encoded(&[0u8; 16 * 1024 - 1])),
            Err(Error::InvalidStatusList(_))
        ));
        // Longer than the bound (a small "bomb").
        assert!(matches!(
            StatusList::decode(&gzip_encoded(&vec![0u8; MAX_DECODED_BYTES + 1])),
            Err(Error::InvalidStatusList("the status list is too long"))
        ));
    }

    #[test]
    fn shuffled_indexes_are_a_permutation_that_depends_on_the_key() {
        let key = index_key(&[9u8; 32], "tenant-a").unwrap();
        let other = index_key(&[9u8; 32], "tenant-b").unwrap();
        let mut seen = vec![false; MIN_ENTRIES];
        let mut in_order = 0;
        for n in 0..u32::try_from(MIN_ENTRIES).unwrap() {
            let i = shuffled_index(&key, n).unwrap() as usize;
            assert!(!seen[i], "index {i} handed out twice");
            seen[i] = true;
            if i == n as usize {
                in_order += 1;
            }
        }
        assert!(seen.iter().all(|s| *s));
        assert!(in_order < 10, "{in_order} indexes equal their position");
        let differ = (0..1000)
            .filter(|n| shuffled_index(&key, *n).unwrap() != shuffled_index(&other, *n).unwrap())
            .count();
        assert!(
            differ > 990,
            "only {differ} of 1000 indexes differ between keys"
        );
        assert!(shuffled_index(&key, u32::try_from(MIN_ENTRIES).unwrap()).is_err());
        assert!(index_key(&[1u8; 16], "t").is_err());
    }
}
