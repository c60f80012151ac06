//! The venues' figures, kept beside the parsed-data snapshot:
//! `.jelly-cache/figures.bin`.
//!
//! `next` (and `schedule`, `poll`) rank every venue from its figures —
//! distances from every traveller and the expected turnout under the model
//! learned from the sessions before the date. Those depend on nothing but
//! the data files, who is invited (active), and which sessions come before
//! the date; not on the date itself, the objective or the clock. So the
//! figures of the last run are kept under a key made of exactly that:
//!
//! - the snapshot's key ([`super::cache`]): a hash of every byte of every
//!   file read, of jelly's build and of the language;
//! - who is active, participant by participant (an `--invite` selection
//!   changes it in memory);
//! - the ids of the sessions dated before the date, in order.
//!
//! A run whose key matches reads the figures back instead of learning the
//! model and computing 17 million (venue, village) pairs; any other run
//! computes them and replaces the file. As with the snapshot, a file whose
//! magic, key, length or checksum does not match is ignored, never
//! trusted; it is written atomically (a temporary file renamed), without
//! the lock (two writers write the same bytes for the same key), and a
//! data directory that cannot be written simply keeps no figures.

use std::io::Write as _;
use std::path::PathBuf;

use chrono::NaiveDateTime;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::model::{Dataset, Objective};
use crate::rotation::{self, Figures, Ranking};
use crate::store::{atomic, cache, DataDir};
use crate::turnout::Turnout;

const FILE: &str = "figures.bin";
const MAGIC: &[u8; 8] = b"JELLYFG1";
/// magic, key, count, checksum of the records.
const HEADER: usize = 8 + 16 + 8 + 16;
/// total, mean and max km, beyond limit, has a turnout, expected, low, high.
const RECORD: usize = 8 * 6 + 4 * 2;

/// The ranking of every venue for a session on `date`:
/// [`rotation::rank_with_turnout`], with the figures read from the cache
/// when nothing they depend on changed.
pub fn ranking(
    dir: &DataDir,
    data: &Dataset,
    date: NaiveDateTime,
    objective: Objective,
) -> Ranking {
    let figures = figures(dir, data, date);
    rotation::rank_with_figures(data, &figures, date, objective)
}

/// Every venue's figures with the turnout model learned before `date`
/// ([`rotation::figures_with_turnout`]), from the cache when it holds them.
pub fn figures(dir: &DataDir, data: &Dataset, date: NaiveDateTime) -> Vec<Figures> {
    let Some(key) = key(data, date) else {
        return rotation::figures_with_turnout(data, date).0;
    };
    let path = file(dir);
    if let Some(figures) = std::fs::read(&path)
        .ok()
        .and_then(|bytes| decode(&bytes, &key, data.venues.len()))
    {
        return figures;
    }
    let figures = rotation::figures_with_turnout(data, date).0;
    // Best effort: without a writable folder, the next run computes again.
    let _ = write(dir, &encode(&figures, &key));
    figures
}

fn file(dir: &DataDir) -> PathBuf {
    dir.root.join(cache::DIR).join(FILE)
}

/// The key of `data`'s figures for `date`; `None` when the data was not
/// loaded through the cache (it is off, or the data has problems).
fn key(data: &Dataset, date: NaiveDateTime) -> Option<[u8; 16]> {
    let loaded = data.cache_key?;
    let mut hasher = Xxh3::new();
    hasher.update(MAGIC);
    hasher.update(&loaded.bytes());
    hasher.update(&(data.participants.len() as u64).to_le_bytes());
    let active: Vec<u8> = data
        .participants
        .iter()
        .map(|p| u8::from(p.active))
        .collect();
    hasher.update(&active);
    for event in data.events.iter().filter(|e| e.date < date) {
        hasher.update(&(event.id.len() as u64).to_le_bytes());
        hasher.update(event.id.as_bytes());
    }
    hasher.update(&u64::MAX.to_le_bytes());
    Some(hasher.digest128().to_le_bytes())
}

fn encode(figures: &[Figures], key: &[u8; 16]) -> Vec<u8> {
    let records = encode_records(figures);
    let mut bytes = Vec::with_capacity(HEADER + records.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(key);
    bytes.extend_from_slice(&(figures.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&xxh3_128(&records).to_le_bytes());
    bytes.extend_from_slice(&records);
    bytes
}

/// The records [`decode_records`] reads.
pub fn encode_records(figures: &[Figures]) -> Vec<u8> {
    let mut records = Vec::with_capacity(figures.len() * RECORD);
    for f in figures {
        records.extend_from_slice(&f.total_km.to_le_bytes());
        records.extend_from_slice(&f.mean_km.to_le_bytes());
        records.extend_from_slice(&f.max_km.to_le_bytes());
        records.extend_from_slice(&(f.beyond_limit as u64).to_le_bytes());
        let turnout = f.turnout.unwrap_or(Turnout {
            expected: 0.0,
            low: 0,
            high: 0,
        });
        records.extend_from_slice(&u64::from(f.turnout.is_some()).to_le_bytes());
        records.extend_from_slice(&turnout.expected.to_le_bytes());
        records.extend_from_slice(&turnout.low.to_le_bytes());
        records.extend_from_slice(&turnout.high.to_le_bytes());
    }
    records
}

/// The figures of `bytes` if they are whole, for `key`, and for `venues`
/// venues; `None` otherwise.
fn decode(bytes: &[u8], key: &[u8; 16], venues: usize) -> Option<Vec<Figures>> {
    let header = bytes.get(..HEADER)?;
    if &header[..8] != MAGIC || &header[8..24] != key {
        return None;
    }
    let count = u64::from_le_bytes(header[24..32].try_into().ok()?);
    let records = &bytes[HEADER..];
    if count != venues as u64 || header[32..48] != xxh3_128(records).to_le_bytes() {
        return None;
    }
    decode_records(records, venues)
}

/// The records of a figures file, without its header: `venues` of them, or
/// `None`. Public for the fuzz target `figures_cache`.
pub fn decode_records(records: &[u8], venues: usize) -> Option<Vec<Figures>> {
    if records.len() as u64 != (venues as u64).checked_mul(RECORD as u64)? {
        return None;
    }
    let f64_at = |r: &[u8], i: usize| f64::from_le_bytes(r[i..i + 8].try_into().expect("8 bytes"));
    let u64_at = |r: &[u8], i: usize| u64::from_le_bytes(r[i..i + 8].try_into().expect("8 bytes"));
    let u32_at = |r: &[u8], i: usize| u32::from_le_bytes(r[i..i + 4].try_into().expect("4 bytes"));
    records
        .chunks_exact(RECORD)
        .map(|r| {
            let turnout = match u64_at(r, 32) {
                0 => None,
                1 => Some(Turnout {
                    expected: f64_at(r, 40),
                    low: u32_at(r, 48),
                    high: u32_at(r, 52),
                }),
                _ => return None,
            };
            Some(Figures {
                total_km: f64_at(r, 0),
                mean_km: f64_at(r, 8),
                max_km: f64_at(r, 16),
                beyond_limit: usize::try_from(u64_at(r, 24)).ok()?,
                turnout,
            })
        })
        .collect()
}

fn write(dir: &DataDir, bytes: &[u8]) -> std::io::Result<()> {
    let folder = dir.root.join(cache::DIR);
    std::fs::create_dir_all(&folder)?;
    let mut temp = tempfile::Builder::new()
        .prefix(&atomic::temp_prefix())
        .suffix(atomic::TEMP_SUFFIX)
        .tempfile_in(&folder)?;
    temp.write_all(bytes)?;
    temp.persist(file(dir)).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> Vec<Figures> {
        vec![
            Figures {
                total_km: 1234.5,
                mean_km: 12.25,
                max_km: 99.0,
                beyond_limit: 3,
                turnout: Some(Turnout {
                    expected: 7.5,
                    low: 5,
                    high: 10,
                }),
            },
            Figures {
                total_km: 0.1,
                mean_km: f64::MIN_POSITIVE,
                max_km: 0.0,
                beyond_limit: 0,
                turnout: None,
            },
        ]
    }

    #[test]
    fn figures_read_back_equal_to_the_bit() {
        let key = [7u8; 16];
        let back = decode(&encode(&figures(), &key), &key, 2).expect("whole");
        assert_eq!(back, figures());
    }

    #[test]
    fn another_key_a_cut_a_flipped_bit_or_another_count_is_refused() {
        let key = [7u8; 16];
        let bytes = encode(&figures(), &key);
        assert!(decode(&bytes, &[8u8; 16], 2).is_none());
        assert!(decode(&bytes, &key, 3).is_none());
        for cut in 0..bytes.len() {
            assert!(decode(&bytes[..cut], &key, 2).is_none(), "cut at {cut}");
        }
        for i in 0..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[i] ^= 0x10;
            assert!(decode(&flipped, &key, 2).is_none(), "byte {i} flipped");
        }
    }
}
