//! The read-only content database of a verified bundle: places, towns, countries, visas, borders, guides and
//! full-text search. Every query here is read-only; the connection refuses writes.

use super::fuzzy::{words, Alternative, MatchKind, Vocabulary};
use super::limits::{Limits, PROGRESS_STEPS};
use super::schema::{search_expression, CONTENT_SCHEMA, CONTENT_SCHEMA_VERSION};
use super::StoreError;
use crate::bundle::format::{Attribution, Manifest};
use crate::bundle::{verify, TrustedKeys, VerifiedBundle};
use crate::model::*;
use crate::spatial::borders::PackedBorders;
use crate::spatial::packed::{aligned_copy, PackedTrees, PlaceFacts};
use crate::spatial::Hit;
use crate::text::fold;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row};
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashSet};
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};
use web_time::Instant;

/// The compact facts about a place needed to filter, rank and list it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceBrief {
    /// Id.
    pub id: PlaceId,
    /// Category.
    pub category: Category,
    /// Names.
    pub names: LocalizedNames,
    /// Country.
    pub country: CountryCode,
    /// Town.
    pub town: Option<String>,
    /// Position (none for unplaced rows).
    pub position: Option<LatLon>,
    /// Precision.
    pub precision: LocationPrecision,
    /// Who it serves.
    pub serves: Vec<TargetGroup>,
    /// Status.
    pub status: PlaceStatus,
    /// Verification.
    pub verification: Verification,
    /// Opening hours (OSM syntax).
    pub opening_hours: Option<String>,
    /// Dialable numbers.
    pub phones: Vec<String>,
    /// Sending state of a mission.
    pub operator_country: Option<CountryCode>,
}

impl PlaceBrief {
    /// True when the place has a position precise enough to map and rank (exact or town centre).
    pub fn is_mappable(&self) -> bool {
        self.position.is_some()
            && matches!(
                self.precision,
                LocationPrecision::Exact | LocationPrecision::Town
            )
    }
}

/// A country's names.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryInfo {
    /// Code.
    pub code: CountryCode,
    /// Spanish name.
    pub name_es: String,
    /// English name.
    pub name_en: String,
    /// French name.
    pub name_fr: String,
    /// Calling codes, e.g. `+506`.
    pub calling_codes: Option<String>,
}

impl CountryInfo {
    /// The name in `lang`.
    pub fn name(&self, lang: &str) -> &str {
        match lang {
            "en" => &self.name_en,
            "fr" => &self.name_fr,
            _ => &self.name_es,
        }
    }
}

/// A town.
#[derive(Debug, Clone, PartialEq)]
pub struct TownInfo {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Country.
    pub country: CountryCode,
    /// Region.
    pub admin1: Option<String>,
    /// Centre.
    pub position: LatLon,
}

/// The visa matrix cell for a passport and destination.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct VisaLine {
    /// Passport.
    pub passport: String,
    /// Destination.
    pub destination: String,
    /// `visa free`, `visa required`, a number of days, …
    pub requirement: String,
    /// Date of the dataset.
    pub as_of: String,
}

/// What a search result points at.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchTarget {
    /// A place id.
    Place(PlaceId),
    /// A town id.
    Town(String),
    /// A guide section: country, language, section id.
    Guide(CountryCode, String, String),
    /// A "What's true" card: card id, language.
    Card(String, String),
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// What it is.
    pub target: SearchTarget,
    /// The matched title.
    pub title: String,
    /// How it matched what was typed (the rank order: exact, prefix, by ear, fuzzy).
    pub how: MatchKind,
    /// The words of the title (or the vocabulary terms) that the typed words matched, space-separated:
    /// "Tapacula" → `Tapachula`. What a screen shows as "Showing results for «…»".
    pub matched: String,
}

/// The read-only content of one verified bundle.
pub struct ContentStore {
    conn: Connection,
    manifest: Manifest,
    signer_name: String,
    file_sha256: String,
    /// When the running statement started, for the progress handler's time limit.
    started: Arc<Mutex<Instant>>,
    /// The distinct words of the `search` table, built on the first search that needs a guess.
    vocabulary: OnceCell<Vocabulary>,
    /// The shelf's copy of `place_trees`, mapped instead of read (none when opened from memory).
    trees_file: Option<std::path::PathBuf>,
    /// The trees of places, opened on the first near query.
    trees: OnceCell<Option<PackedTrees>>,
    /// The shelf's packed 1:10m borders, mapped instead of parsed (none when opened from memory).
    borders_file: Option<std::path::PathBuf>,
    /// The packed borders, opened on the first "which country".
    borders: OnceCell<Option<PackedBorders>>,
}

/// The files the shelf keeps beside a database it wrote: read in place instead of out of the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShelfCopies {
    /// The copy of `place_trees`.
    pub trees: std::path::PathBuf,
    /// The 1:10m borders, parsed and packed ([`crate::spatial::borders`]).
    pub borders: std::path::PathBuf,
}

/// How the objects of a database's schema are checked when it opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SchemaCheck {
    /// Against [`CONTENT_SCHEMA`] created in memory (a few million instructions: at install).
    Full,
    /// Against the digest ([`ContentStore::schema_digest`]) the shelf recorded after a full check of this
    /// very file (later starts).
    Recorded(String),
}

/// One row of `sqlite_schema`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SchemaObject {
    kind: String,
    name: String,
    table: String,
    sql: Option<String>,
}

fn schema_objects(conn: &Connection) -> rusqlite::Result<Vec<SchemaObject>> {
    let mut statement =
        conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name, type")?;
    let rows = statement.query_map([], |r| {
        Ok(SchemaObject {
            kind: r.get(0)?,
            name: r.get(1)?,
            table: r.get(2)?,
            sql: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// The schema a content database must have: [`CONTENT_SCHEMA`] created in memory (tables, indexes, the
/// FTS5 table and its shadow tables), read back from `sqlite_schema`.
fn expected_schema() -> &'static [SchemaObject] {
    static EXPECTED: OnceLock<Vec<SchemaObject>> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        let conn = Connection::open_in_memory().expect("SQLite opens in memory");
        conn.execute_batch(CONTENT_SCHEMA)
            .expect("the content schema creates");
        schema_objects(&conn).expect("sqlite_schema reads")
    })
}

/// The sha256 (hex) of schema objects, each field length-prefixed so no two lists share a digest.
fn digest_of(objects: &[SchemaObject]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for object in objects {
        let sql = object.sql.as_deref();
        for field in [
            Some(&*object.kind),
            Some(&*object.name),
            Some(&*object.table),
            sql,
        ] {
            match field {
                Some(text) => {
                    hasher.update([1]);
                    hasher.update((text.len() as u64).to_le_bytes());
                    hasher.update(text.as_bytes());
                }
                None => hasher.update([0]),
            }
        }
    }
    hex::encode(hasher.finalize())
}

/// Refuses any object that [`CONTENT_SCHEMA`] does not create (views, triggers, other tables or indexes)
/// and any difference in type, table or SQL; names the first difference.
fn check_schema(found: &[SchemaObject]) -> Result<(), StoreError> {
    let expected = expected_schema();
    let describe = |o: &SchemaObject| format!("{} {:?}", o.kind, o.name);
    for object in found {
        match expected.iter().find(|e| e.name == object.name) {
            None => {
                return Err(StoreError::SchemaMismatch(format!(
                    "unexpected {}",
                    describe(object)
                )))
            }
            Some(e) if e != object => {
                return Err(StoreError::SchemaMismatch(format!(
                    "{} differs from the schema: {:?}",
                    describe(object),
                    object.sql.as_deref().unwrap_or("")
                )))
            }
            Some(_) => {}
        }
    }
    if let Some(missing) = expected
        .iter()
        .find(|e| !found.iter().any(|o| o.name == e.name))
    {
        return Err(StoreError::SchemaMismatch(format!(
            "missing {}",
            describe(missing)
        )));
    }
    Ok(())
}

/// How much of a content database file SQLite may map into memory (more than any bundle the limits allow).
const MMAP_BYTES: i64 = 256 << 20;

/// A `file:` URI that opens `path` read-only and immutable; `%`, `?` and `#` in the path are escaped.
fn immutable_uri(path: &std::path::Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// (country, GeoJSON geometry) rows of a `SELECT country, geometry FROM borders …`; unknown codes skipped.
fn border_rows(
    statement: &mut rusqlite::Statement,
    parameters: impl rusqlite::Params,
) -> Result<Vec<(CountryCode, String)>, StoreError> {
    let rows = statement.query_map(parameters, |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut borders = Vec::new();
    for row in rows {
        let (code, geometry) = row?;
        if let Some(code) = CountryCode::parse(&code) {
            borders.push((code, geometry));
        }
    }
    Ok(borders)
}

fn parse_or<T: FromStr>(text: &str, default: T) -> T {
    text.parse().unwrap_or(default)
}

fn dating(compiled_on: String, on: Option<String>, by: Option<String>) -> Dating {
    Dating {
        compiled_on,
        field_review: on.zip(by).map(|(on, by)| FieldReview { on, by }),
    }
}

fn card_row(row: &rusqlite::Row) -> rusqlite::Result<Card> {
    Ok(Card {
        id: row.get(0)?,
        lang: row.get(1)?,
        title: row.get(2)?,
        countries: json_list(row.get(3)?),
        dating: dating(row.get(4)?, row.get(5)?, row.get(6)?),
        sources: json_list(row.get(7)?),
        body: row.get(8)?,
        cited: json_list(row.get(9)?),
    })
}

fn json_list<T: serde::de::DeserializeOwned>(text: Option<String>) -> Vec<T> {
    text.and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// A JSON column of a verified bundle; a value that does not parse reads as empty.
fn json_value<T: serde::de::DeserializeOwned + Default>(text: String) -> T {
    serde_json::from_str(&text).unwrap_or_default()
}

impl ContentStore {
    /// Verifies a bundle (signature by a trusted key, hashes, app version) and opens its content read-only,
    /// under the default [`Limits`].
    pub fn open(bundle: &[u8], trusted: &TrustedKeys) -> Result<Self, StoreError> {
        Self::open_with(bundle, trusted, &Limits::default())
    }

    /// Like [`ContentStore::open`], under other limits.
    pub fn open_with(
        bundle: &[u8],
        trusted: &TrustedKeys,
        limits: &Limits,
    ) -> Result<Self, StoreError> {
        let verified = verify(bundle, trusted)?;
        Self::open_verified(bundle, &verified, limits)
    }

    /// Opens the content of a bundle already checked by [`verify`] (`bundle` is the same bytes): the
    /// database is decompressed straight into SQLite's memory (one copy, refused above
    /// `limits.max_db_bytes` before any byte is decompressed), its size and hash are checked, then its
    /// schema must be exactly [`CONTENT_SCHEMA`]. Every later statement runs under `limits.query_time`.
    pub fn open_verified(
        bundle: &[u8],
        verified: &VerifiedBundle,
        limits: &Limits,
    ) -> Result<Self, StoreError> {
        let mut reader = verified.content_reader(bundle, limits.max_db_bytes)?;
        let declared = reader.declared();
        if declared == 0 {
            return Err(StoreError::Corrupt("the content database is empty".into()));
        }
        let mut conn = Connection::open_with_flags(
            ":memory:",
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        let read =
            conn.deserialize_read_exact(rusqlite::MAIN_DB, &mut reader, declared as usize, true);
        // Size and hash first: a short or altered stream is reported as such, not as SQLite's read error.
        reader.finish()?;
        read?;
        let signer_name = match verified.signer.name() {
            "" => verified.manifest.publisher.name.clone(),
            name => name.to_string(),
        };
        Self::checked(
            conn,
            verified.manifest.clone(),
            signer_name,
            verified.file_sha256.clone(),
            limits,
            SchemaCheck::Full,
        )
    }

    /// Opens a content database that [`super::shelf`] wrote to disk after checking its bundle: read-only,
    /// `immutable=1` (SQLite takes no locks and never looks for a journal), memory-mapped, so nothing is
    /// read before a query needs it. The version check is that of [`ContentStore::open_verified`]; the
    /// objects are checked as `schema` says. `copies` are the shelf's files beside it, mapped when first
    /// needed (the trees on the first near query, the borders on the first "which country").
    pub(crate) fn open_file(
        path: &std::path::Path,
        copies: Option<ShelfCopies>,
        schema: SchemaCheck,
        manifest: Manifest,
        signer_name: String,
        file_sha256: String,
        limits: &Limits,
    ) -> Result<Self, StoreError> {
        let conn = Connection::open_with_flags(
            immutable_uri(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        let mut store = Self::checked(conn, manifest, signer_name, file_sha256, limits, schema)?;
        if let Some(copies) = copies {
            store.trees_file = Some(copies.trees);
            store.borders_file = Some(copies.borders);
        }
        Ok(store)
    }

    /// The `place_trees` archive, as stored (the shelf copies it beside the database).
    pub fn tree_bytes(&self) -> Result<Vec<u8>, StoreError> {
        self.run(|conn| {
            conn.query_row("SELECT trees FROM place_trees WHERE id = 1", [], |r| {
                r.get(0)
            })
        })
    }

    /// The trees of places: the shelf's mapped copy when there is one that checks, else the database's
    /// blob copied to memory. `None` (and a warning) only when both are unusable.
    fn trees(&self) -> Option<&PackedTrees> {
        self.trees
            .get_or_init(|| {
                #[cfg(not(target_arch = "wasm32"))]
                if let Some(path) = &self.trees_file {
                    match super::shelf::map_trees(path) {
                        Ok(trees) => return Some(trees),
                        Err(error) => log::warn!(
                            "the shelved trees did not open ({error}); reading the bundle's copy"
                        ),
                    }
                }
                let opened = self
                    .tree_bytes()
                    .and_then(|bytes| Ok(PackedTrees::new(Box::new(aligned_copy(&bytes)))?));
                opened
                    .map_err(|error| log::warn!("the trees of places are unusable ({error})"))
                    .ok()
            })
            .as_ref()
    }

    /// The shared tail of every open: arms the time limit, makes the connection read-only, then requires
    /// the supported schema version and exactly the objects of [`CONTENT_SCHEMA`].
    fn checked(
        mut conn: Connection,
        manifest: Manifest,
        signer_name: String,
        file_sha256: String,
        limits: &Limits,
        schema_check: SchemaCheck,
    ) -> Result<Self, StoreError> {
        let started = Arc::new(Mutex::new(Instant::now()));
        let watch = started.clone();
        let limit = limits.query_time;
        conn.progress_handler(
            PROGRESS_STEPS,
            Some(move || watch.lock().map(|s| s.elapsed() > limit).unwrap_or(true)),
        )?;
        let store = Self {
            conn,
            manifest,
            signer_name,
            file_sha256,
            started,
            vocabulary: OnceCell::new(),
            trees_file: None,
            trees: OnceCell::new(),
            borders_file: None,
            borders: OnceCell::new(),
        };
        store.run(|conn| {
            conn.execute_batch("PRAGMA query_only = ON; PRAGMA trusted_schema = OFF;")
        })?;
        let schema: u32 = store
            .run(|conn| {
                conn.query_row(
                    "SELECT value FROM meta WHERE key = 'schema_version'",
                    [],
                    |r| r.get::<_, String>(0),
                )
            })?
            .parse()
            .map_err(|_| StoreError::Corrupt("schema_version is not a number".into()))?;
        if schema != CONTENT_SCHEMA_VERSION || store.manifest.schema_version != schema {
            return Err(StoreError::UnsupportedSchema {
                found: schema,
                supported: CONTENT_SCHEMA_VERSION,
            });
        }
        // The version first, so an older bundle is named as such; then every object must be the schema's.
        let found = store.read_schema()?;
        match schema_check {
            SchemaCheck::Full => check_schema(&found)?,
            SchemaCheck::Recorded(digest) if digest == digest_of(&found) => {}
            SchemaCheck::Recorded(_) => {
                return Err(StoreError::SchemaMismatch(
                    "the schema differs from the one checked when the database was shelved".into(),
                ))
            }
        }
        Ok(store)
    }

    /// The connection, with the time limit armed for the statement about to run. Every query goes through
    /// here, so none can run longer than the limit.
    fn conn(&self) -> &Connection {
        if let Ok(mut started) = self.started.lock() {
            *started = Instant::now();
        }
        &self.conn
    }

    /// Runs `query` on [`ContentStore::conn`].
    fn run<T>(
        &self,
        query: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        Ok(query(self.conn())?)
    }

    /// The objects of the database, as `sqlite_schema` lists them.
    fn read_schema(&self) -> Result<Vec<SchemaObject>, StoreError> {
        self.run(schema_objects)
    }

    /// A digest of the database's schema objects (type, name, table, SQL), which the shelf records after a
    /// full check so later starts compare it instead of building the schema in memory.
    pub(crate) fn schema_digest(&self) -> Result<String, StoreError> {
        Ok(digest_of(&self.read_schema()?))
    }

    /// The shelf's packed 1:10m borders, mapped on the first call; `None` when the store was opened from
    /// memory or the file does not check (then "which country" parses the bundle's GeoJSON).
    pub fn packed_borders(&self) -> Option<&PackedBorders> {
        self.borders
            .get_or_init(|| {
                #[cfg(not(target_arch = "wasm32"))]
                if let Some(path) = &self.borders_file {
                    return super::shelf::map_borders(path)
                        .map_err(|error| {
                            log::warn!(
                                "the shelved borders did not open ({error}); parsing the bundle's"
                            )
                        })
                        .ok();
                }
                None
            })
            .as_ref()
    }

    /// SQLite's `PRAGMA quick_check` on the whole database (run at install; a few hundred milliseconds on
    /// the default bundle).
    pub fn quick_check(&self) -> Result<(), StoreError> {
        let problems: Vec<String> = self.run(|conn| {
            let mut statement = conn.prepare("PRAGMA quick_check")?;
            let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect()
        })?;
        if problems != ["ok"] {
            return Err(StoreError::Corrupt(format!(
                "quick_check: {}",
                problems.join("; ")
            )));
        }
        Ok(())
    }

    /// The signed manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Name of the trusted key that signed the bundle (from the trusted list; for the embedded bundle or an
    /// unnamed key, the manifest's publisher name).
    pub fn signer_name(&self) -> &str {
        &self.signer_name
    }

    /// sha256 of the bundle file.
    pub fn file_sha256(&self) -> &str {
        &self.file_sha256
    }

    fn brief(row: &Row) -> rusqlite::Result<PlaceBrief> {
        let lat: Option<f64> = row.get("lat")?;
        let lon: Option<f64> = row.get("lon")?;
        Ok(PlaceBrief {
            id: PlaceId(row.get("id")?),
            category: parse_or(
                &row.get::<_, String>("category")?,
                Category::HumanitarianOrg,
            ),
            names: LocalizedNames {
                name: row.get("name")?,
                es: row.get("name_es")?,
                en: row.get("name_en")?,
                fr: row.get("name_fr")?,
            },
            country: CountryCode::parse(&row.get::<_, String>("country")?)
                .unwrap_or(CountryCode::parse("ZZ").expect("ZZ")),
            town: row.get("town")?,
            position: lat.zip(lon).map(|(lat, lon)| LatLon::new(lat, lon)),
            precision: parse_or(
                &row.get::<_, String>("location_precision")?,
                LocationPrecision::None,
            ),
            serves: json_list(row.get("serves")?),
            status: parse_or(&row.get::<_, String>("status")?, PlaceStatus::Unknown),
            verification: parse_or(
                &row.get::<_, String>("verification")?,
                Verification::Unverified,
            ),
            opening_hours: row.get("opening_hours")?,
            phones: json_list(row.get("phones")?),
            operator_country: row
                .get::<_, Option<String>>("operator_country")?
                .and_then(|c| CountryCode::parse(&c)),
        })
    }

    /// The `k` nearest mappable places to `origin` in `categories` (all when empty) that `keep` accepts
    /// (every one, with no facts read, when `None`), within `max_distance_m` when given, from the bundle's trees of places (see
    /// [`crate::spatial::packed`]): nearest first, ties by place number. Each hit's `index` is the place's
    /// number; [`ContentStore::brief_by_number`] reads it.
    pub fn nearest(
        &self,
        origin: LatLon,
        k: usize,
        max_distance_m: Option<f64>,
        categories: &[Category],
        keep: Option<&dyn Fn(PlaceFacts) -> bool>,
    ) -> Result<Vec<Hit>, StoreError> {
        let trees = self
            .trees()
            .ok_or_else(|| StoreError::Corrupt("the trees of places are unusable".into()))?;
        Ok(trees.nearest(origin, k, max_distance_m, categories, keep))
    }

    /// The place numbered `number` in the trees of places, compact.
    pub fn brief_by_number(&self, number: u32) -> Result<Option<PlaceBrief>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT places.* FROM place_boxes JOIN places ON places.id = place_boxes.place_id \
             WHERE place_boxes.n = ?1",
        )?;
        Ok(statement.query_row([number], Self::brief).optional()?)
    }

    /// One place, compact.
    pub fn brief_of(&self, id: &PlaceId) -> Result<Option<PlaceBrief>, StoreError> {
        let mut statement = self
            .conn()
            .prepare_cached("SELECT * FROM places WHERE id = ?1")?;
        Ok(statement.query_row([&id.0], Self::brief).optional()?)
    }

    /// Every place, compact, ordered by id.
    pub fn briefs(&self) -> Result<Vec<PlaceBrief>, StoreError> {
        let mut statement = self.conn().prepare("SELECT * FROM places ORDER BY id")?;
        let rows = statement.query_map([], Self::brief)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One place with every field.
    pub fn place(&self, id: &str) -> Result<Option<Place>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT * FROM places WHERE id = ?1", [id], |row| {
                let brief = Self::brief(row)?;
                Ok(Place {
                    id: brief.id,
                    category: brief.category,
                    subcategory: row.get("subcategory")?,
                    names: brief.names,
                    country: brief.country,
                    admin1: row.get("admin1")?,
                    town: brief.town,
                    address: row.get("address")?,
                    position: brief.position,
                    precision: brief.precision,
                    phone_text: row.get("phone_text")?,
                    phones: brief.phones,
                    email: row.get("email")?,
                    website: row.get("website")?,
                    opening_hours: brief.opening_hours,
                    serves: brief.serves,
                    serves_text: json_value(row.get("serves_text")?),
                    services: json_value(row.get("services")?),
                    status: brief.status,
                    verification: brief.verification,
                    last_checked: row.get("last_checked")?,
                    verified_by: row.get("verified_by")?,
                    desk_check: row.get::<_, Option<String>>("desk_check")?.map(json_value),
                    provenance: Provenance {
                        dataset: row.get("dataset")?,
                        url: row.get("source_url")?,
                        title: row.get("source_title")?,
                        date: row.get("source_date")?,
                        licence: row.get("licence")?,
                        evidence: row.get("evidence")?,
                        evidence_lang: row.get("evidence_lang")?,
                    },
                    notes: json_value(row.get("notes")?),
                    operator_country: brief.operator_country,
                })
            })
            .optional()?)
    }

    /// Search over places, towns and guide sections, accents and case ignored, forgiving typos. Guide
    /// sections are limited to `lang`; places and towns match in every language.
    ///
    /// Five stages, each only while fewer than `limit` hits are found, and ranked in that order: the typed words
    /// as one phrase (exact: "Ciudad de México" before the many "Ciudad de …" towns of México), FTS5 whole
    /// words (exact), FTS5 prefixes (every typed word starts a word, the last one half-typed), then FTS5 over
    /// the vocabulary terms that sound alike (by ear) and, last, those within a small edit distance (fuzzy).
    /// Inside a stage: towns, places, guide sections, by bm25; the guesses closest to what was typed first.
    pub fn search(
        &self,
        query: &str,
        lang: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let typed = words(query);
        let Some(last) = typed.len().checked_sub(1) else {
            return Ok(Vec::new());
        };
        let mut hits: Vec<SearchHit> = Vec::new();
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let quoted =
            |word: &str, prefix: bool| format!("\"{word}\"{}", if prefix { "*" } else { "" });
        let exact: Vec<String> = typed.iter().map(|w| quoted(w, false)).collect();
        let prefix: Vec<String> = typed.iter().map(|w| quoted(w, true)).collect();
        // A single word is its own phrase: the whole-words stage finds the same rows.
        let phrase = (typed.len() > 1).then(|| exact.join(" + "));
        let only_typed: Vec<Vec<Alternative>> = vec![Vec::new(); typed.len()];
        for (how, expression) in [
            (MatchKind::Exact, phrase),
            (MatchKind::Exact, Some(exact.join(" "))),
            (MatchKind::Prefix, Some(prefix.join(" "))),
        ] {
            let Some(expression) = expression else {
                continue;
            };
            if hits.len() >= limit {
                break;
            }
            let rows = self.fts(&expression, lang, limit)?;
            self.keep(rows, how, &typed, &only_typed, &mut seen, &mut hits);
        }
        if hits.len() >= limit {
            hits.truncate(limit);
            return Ok(hits);
        }
        let vocabulary = self.vocabulary();
        let guesses: Vec<Vec<Alternative>> = typed
            .iter()
            .enumerate()
            .map(|(i, w)| vocabulary.alternatives(w, i == last))
            .collect();
        for how in [MatchKind::ByEar, MatchKind::Fuzzy] {
            if hits.len() >= limit {
                break;
            }
            let allowed: Vec<Vec<Alternative>> = guesses
                .iter()
                .map(|g| g.iter().filter(|a| a.kind <= how).cloned().collect())
                .collect();
            if !allowed.iter().flatten().any(|a| a.kind == how) {
                continue;
            }
            let groups: Vec<String> = typed
                .iter()
                .zip(&allowed)
                .map(|(word, alternatives)| {
                    let mut options = vec![quoted(word, true)];
                    options.extend(alternatives.iter().map(|a| quoted(&a.term, false)));
                    format!("({})", options.join(" OR "))
                })
                .collect();
            let rows = self.fts(&groups.join(" AND "), lang, limit)?;
            self.keep(rows, how, &typed, &allowed, &mut seen, &mut hits);
        }
        hits.truncate(limit);
        Ok(hits)
    }

    /// The rows an FTS5 expression matches: kind, reference and title, in the app's rank order.
    fn fts(
        &self,
        expression: &str,
        lang: &str,
        limit: usize,
    ) -> Result<Vec<(String, String, String)>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT kind, ref, title FROM search WHERE search MATCH ?1
             ORDER BY CASE kind WHEN 'town' THEN 0 WHEN 'place' THEN 1 ELSE 2 END, bm25(search, 0, 0, 0, 10.0, 1.0), ref
             LIMIT ?2",
        )?;
        let expression = search_expression(expression, lang);
        let rows = statement.query_map(params![expression, limit as i64], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds the rows not seen yet as hits of one stage, the closest guesses first.
    fn keep(
        &self,
        rows: Vec<(String, String, String)>,
        how: MatchKind,
        typed: &[String],
        alternatives: &[Vec<Alternative>],
        seen: &mut HashSet<(String, String)>,
        hits: &mut Vec<SearchHit>,
    ) {
        let mut found = Vec::new();
        for (kind, reference, title) in rows {
            if !seen.insert((kind.clone(), reference.clone())) {
                continue;
            }
            let target = match kind.as_str() {
                "place" => SearchTarget::Place(PlaceId(reference)),
                "town" => SearchTarget::Town(reference),
                "card" => match reference.split_once('/') {
                    Some((id, lang)) => SearchTarget::Card(id.into(), lang.into()),
                    None => continue,
                },
                _ => {
                    let mut parts = reference.splitn(3, '/');
                    match (
                        parts.next().and_then(CountryCode::parse),
                        parts.next(),
                        parts.next(),
                    ) {
                        (Some(country), Some(lang), Some(section)) => {
                            SearchTarget::Guide(country, lang.into(), section.into())
                        }
                        _ => continue,
                    }
                }
            };
            let (distance, shared, matched) = matched_words(&title, typed, alternatives);
            found.push((
                (distance, std::cmp::Reverse(shared)),
                SearchHit {
                    target,
                    title,
                    how,
                    matched,
                },
            ));
        }
        // Stable: the FTS5 order is kept among guesses equally close.
        found.sort_by_key(|(distance, _)| *distance);
        hits.extend(found.into_iter().map(|(_, hit)| hit));
    }

    fn vocabulary(&self) -> &Vocabulary {
        self.vocabulary.get_or_init(|| {
            let texts = self.run(|conn| {
                let mut statement = conn.prepare("SELECT title || ' ' || body FROM search")?;
                let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
                rows.collect::<rusqlite::Result<Vec<String>>>()
            });
            match texts {
                Ok(texts) => Vocabulary::from_texts(texts.iter().map(String::as_str)),
                Err(error) => {
                    log::warn!("the search vocabulary is unreadable ({error}); no typo tolerance");
                    Vocabulary::default()
                }
            }
        })
    }

    /// A town by id.
    pub fn town(&self, id: &str) -> Result<Option<TownInfo>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT id, name, country, admin1, lat, lon FROM towns WHERE id = ?1",
                [id],
                |row| {
                    Ok(TownInfo {
                        id: row.get(0)?,
                        name: row.get(1)?,
                        country: CountryCode::parse(&row.get::<_, String>(2)?)
                            .unwrap_or(CountryCode::parse("ZZ").expect("ZZ")),
                        admin1: row.get(3)?,
                        position: LatLon::new(row.get(4)?, row.get(5)?),
                    })
                },
            )
            .optional()?)
    }

    /// Every town, most populous first, then those without a population (given as 0), ties by id.
    pub fn towns_by_population(&self) -> Result<Vec<(TownInfo, u64)>, StoreError> {
        let mut statement = self.conn().prepare(
            "SELECT id, name, country, admin1, lat, lon, COALESCE(population, 0) FROM towns \
             ORDER BY COALESCE(population, 0) DESC, id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                TownInfo {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    country: CountryCode::parse(&row.get::<_, String>(2)?)
                        .unwrap_or(CountryCode::parse("ZZ").expect("ZZ")),
                    admin1: row.get(3)?,
                    position: LatLon::new(row.get(4)?, row.get(5)?),
                },
                row.get::<_, i64>(6)?.max(0) as u64,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every country with names, ordered by code.
    pub fn countries(&self) -> Result<Vec<CountryInfo>, StoreError> {
        let mut statement = self.conn().prepare(
            "SELECT iso2, name_es, name_en, name_fr, calling_codes FROM countries ORDER BY iso2",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(CountryInfo {
                code: CountryCode::parse(&row.get::<_, String>(0)?)
                    .unwrap_or(CountryCode::parse("ZZ").expect("ZZ")),
                name_es: row.get(1)?,
                name_en: row.get(2)?,
                name_fr: row.get(3)?,
                calling_codes: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The visa matrix cell for a passport going to a destination, with the dataset's date.
    pub fn visa(
        &self,
        passport: CountryCode,
        destination: CountryCode,
    ) -> Result<Option<VisaLine>, StoreError> {
        let as_of = self
            .attributions()
            .into_iter()
            .find(|a| a.id == "passport_index")
            .map(|a| a.attribution)
            .and_then(|text| {
                text.split("as of ")
                    .nth(1)
                    .map(|d| d.trim_end_matches('.').to_string())
            })
            .unwrap_or_default();
        Ok(self
            .conn()
            .query_row(
                "SELECT requirement FROM visas WHERE passport = ?1 AND destination = ?2",
                params![passport.as_str(), destination.as_str()],
                |row| row.get::<_, String>(0),
            )
            .optional()?
            .map(|requirement| VisaLine {
                passport: passport.to_string(),
                destination: destination.to_string(),
                requirement,
                as_of,
            }))
    }

    /// Border geometries (GeoJSON text) at `scale` (`50m` or `10m`).
    pub fn borders(&self, scale: &str) -> Result<Vec<(CountryCode, String)>, StoreError> {
        let mut statement = self
            .conn()
            .prepare("SELECT country, geometry FROM borders WHERE scale = ?1 ORDER BY country")?;
        border_rows(&mut statement, params![scale])
    }

    /// The countries whose `scale` border box holds `position`, with their geometry (GeoJSON): the only ones
    /// a "which country" question needs to parse.
    pub fn borders_around(
        &self,
        scale: &str,
        position: LatLon,
    ) -> Result<Vec<(CountryCode, String)>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT country, geometry FROM borders WHERE scale = ?1 \
             AND south <= ?2 AND north >= ?2 AND west <= ?3 AND east >= ?3 ORDER BY country",
        )?;
        border_rows(&mut statement, params![scale, position.lat, position.lon])
    }

    /// A country's guide in `lang`, if the bundle has it.
    pub fn guide(&self, country: CountryCode, lang: &str) -> Result<Option<Guide>, StoreError> {
        let head = self
            .conn()
            .query_row(
                "SELECT title, compiled_on, field_reviewed_on, field_reviewed_by, sources, emergency
                 FROM guides WHERE country = ?1 AND lang = ?2",
                params![country.as_str(), lang],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        dating(row.get(1)?, row.get(2)?, row.get(3)?),
                        row.get::<_, String>(4)?,
                        row.get::<_, String>(5)?,
                    ))
                },
            )
            .optional()?;
        let Some((title, dating, sources, emergency)) = head else {
            return Ok(None);
        };
        let mut statement = self.conn().prepare(
            "SELECT section_id, title, body, sources FROM guide_sections WHERE country = ?1 AND lang = ?2 ORDER BY position",
        )?;
        let sections = statement
            .query_map(params![country.as_str(), lang], |row| {
                Ok(GuideSection {
                    id: row.get(0)?,
                    title: row.get(1)?,
                    body: row.get(2)?,
                    sources: json_list(row.get(3)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(Guide {
            country,
            lang: lang.to_string(),
            title,
            dating,
            sources: serde_json::from_str(&sources).unwrap_or_default(),
            emergency: serde_json::from_str(&emergency).unwrap_or_default(),
            sections,
        }))
    }

    /// Every card in exactly `lang`, ordered by id.
    pub fn cards(&self, lang: &str) -> Result<Vec<Card>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, lang, title, countries, compiled_on, field_reviewed_on, field_reviewed_by, sources, body, cited
             FROM cards WHERE lang = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([lang], card_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Ids of every card, in any language, ordered.
    pub fn card_ids(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT DISTINCT id FROM cards ORDER BY id")?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One card in exactly `lang`, if the bundle has it.
    pub fn card(&self, id: &str, lang: &str) -> Result<Option<Card>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, lang, title, countries, compiled_on, field_reviewed_on, field_reviewed_by, sources, body, cited
                 FROM cards WHERE id = ?1 AND lang = ?2",
                params![id, lang],
                card_row,
            )
            .optional()?)
    }

    /// Countries that have a guide.
    pub fn guide_countries(&self) -> Result<Vec<CountryCode>, StoreError> {
        let mut statement = self
            .conn()
            .prepare("SELECT DISTINCT country FROM guides ORDER BY country")?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows
            .filter_map(|r| r.ok().and_then(|c| CountryCode::parse(&c)))
            .collect())
    }

    /// Attributions as stored in the content (same as the manifest's).
    pub fn attributions(&self) -> Vec<Attribution> {
        self.manifest.attributions.clone()
    }

    /// Counts of places grouped by a column (`country`, `category`, `location_precision`, `status`, `verification`).
    pub fn count_by(&self, column: &str) -> Result<Vec<(String, u64)>, StoreError> {
        const ALLOWED: [&str; 5] = [
            "country",
            "category",
            "location_precision",
            "status",
            "verification",
        ];
        if !ALLOWED.contains(&column) {
            return Ok(Vec::new());
        }
        let mut statement = self.conn().prepare(&format!(
            "SELECT {column}, COUNT(*) FROM places GROUP BY {column} ORDER BY {column}"
        ))?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl ContentStore {
    /// How many places of one dataset each country has in each category (e.g. the curated route points).
    pub fn country_category_counts(
        &self,
        dataset: &str,
    ) -> Result<BTreeMap<CountryCode, BTreeMap<Category, u64>>, StoreError> {
        let mut statement = self.conn().prepare(
            "SELECT country, category, COUNT(*) FROM places WHERE dataset = ?1 \
             GROUP BY country, category ORDER BY country, category",
        )?;
        let rows = statement.query_map([dataset], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)? as u64,
            ))
        })?;
        let mut matrix: BTreeMap<CountryCode, BTreeMap<Category, u64>> = BTreeMap::new();
        for row in rows {
            let (country, category, count) = row?;
            if let (Some(country), Ok(category)) =
                (CountryCode::parse(&country), category.parse::<Category>())
            {
                matrix.entry(country).or_default().insert(category, count);
            }
        }
        Ok(matrix)
    }
}

impl ContentStore {
    /// Every town (the gazetteer's centres), ordered by id.
    pub fn towns(&self) -> Result<Vec<TownInfo>, StoreError> {
        let mut statement = self
            .conn()
            .prepare("SELECT id, name, country, admin1, lat, lon FROM towns ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok(TownInfo {
                id: row.get(0)?,
                name: row.get(1)?,
                country: CountryCode::parse(&row.get::<_, String>(2)?)
                    .unwrap_or(CountryCode::parse("ZZ").expect("ZZ")),
                admin1: row.get(3)?,
                position: LatLon::new(row.get(4)?, row.get(5)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// For each typed word, the title word it matched (as the title spells it) and how far that was from what
/// was typed; a word matched only in the body names the closest vocabulary term. Returns the summed distance,
/// how many leading letters the matched words share with the typed ones (the tie-break: "Managa" is nearer
/// Managua than Málaga), and the matched words, space-separated.
fn matched_words(
    title: &str,
    typed: &[String],
    alternatives: &[Vec<Alternative>],
) -> (usize, usize, String) {
    let title_words: Vec<(&str, String)> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| (w, crate::text::fold(w)))
        .collect();
    let mut total = 0;
    let mut shared = 0;
    let mut matched = Vec::new();
    for (i, word) in typed.iter().enumerate() {
        let in_title = |term: &str, prefix: bool| {
            title_words
                .iter()
                .find(|(_, folded)| folded == term || (prefix && folded.starts_with(term)))
                .map(|(original, _)| (*original).to_owned())
        };
        let mut best = in_title(word, true).map(|w| (0, w));
        for alternative in &alternatives[i] {
            if best
                .as_ref()
                .is_some_and(|(d, _)| *d <= alternative.distance + 1)
            {
                break;
            }
            if let Some(original) = in_title(&alternative.term, false) {
                best = Some((alternative.distance + 1, original));
            }
        }
        let (distance, found) = best.unwrap_or_else(|| match alternatives[i].first() {
            Some(closest) => (closest.distance + 1, closest.term.clone()),
            None => (0, word.clone()),
        });
        total += distance;
        shared += word
            .chars()
            .zip(crate::text::fold(&found).chars())
            .take_while(|(a, b)| a == b)
            .count();
        matched.push(found);
    }
    (total, shared, matched.join(" "))
}

/// Turns what a person typed into an FTS5 prefix query: every word must match the start of a token.
/// `"hôpital tapa"` → `"hopital"* "tapa"*`. Returns `None` when nothing searchable is left.
pub fn fts_prefix_query(query: &str) -> Option<String> {
    let terms: Vec<String> = fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(8)
        .map(|t| format!("\"{t}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// The committed fixture bundle and the dev key that signed it, trusted explicitly.
    fn mini() -> (Vec<u8>, TrustedKeys) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let key = crate::bundle::keys::read_verifying_key(
            &root.join("data/keys/dev-only-DO-NOT-SHIP.pub"),
        )
        .unwrap();
        let bundle = std::fs::read(root.join("tests/data/mini.paso")).unwrap();
        (bundle, TrustedKeys::from_keys(vec![key]))
    }

    #[test]
    fn a_statement_that_runs_past_the_time_limit_is_interrupted() {
        let (bundle, trusted) = mini();
        let limits = Limits {
            query_time: Duration::from_millis(50),
            ..Limits::default()
        };
        let store = ContentStore::open_with(&bundle, &trusted, &limits).unwrap();
        let endless = store.run(|conn| {
            conn.query_row(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n",
                [],
                |r| r.get::<_, i64>(0),
            )
        });
        assert!(matches!(endless, Err(StoreError::TooSlow)), "{endless:?}");
        // The limit is per statement: the next query runs normally.
        assert!(!store.briefs().unwrap().is_empty());
        store.quick_check().unwrap();
    }

    #[test]
    fn only_the_exact_content_schema_is_accepted() {
        let expected = expected_schema().to_vec();
        check_schema(&expected).unwrap();
        assert!(
            expected.iter().any(|o| o.name == "search_data"),
            "FTS5 shadow tables are named"
        );
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(CONTENT_SCHEMA).unwrap();
        for (case, sql) in [
            ("a view", "CREATE VIEW loop AS SELECT 1"),
            (
                "a trigger",
                "CREATE TRIGGER t AFTER INSERT ON meta BEGIN SELECT 1; END",
            ),
            ("another table", "CREATE TABLE extra (x)"),
            ("another index", "CREATE INDEX towns_name ON towns(name)"),
        ] {
            conn.execute_batch(&format!("SAVEPOINT s; {sql};")).unwrap();
            let found = schema_objects(&conn).unwrap();
            assert!(
                matches!(check_schema(&found), Err(StoreError::SchemaMismatch(_))),
                "{case} was accepted"
            );
            conn.execute_batch("ROLLBACK TO s; RELEASE s;").unwrap();
        }
        conn.execute_batch("DROP TABLE places; CREATE VIEW places AS SELECT * FROM towns;")
            .unwrap();
        let found = schema_objects(&conn).unwrap();
        let refused = check_schema(&found).unwrap_err().to_string();
        assert!(refused.contains("places"), "{refused}");
        let missing: Vec<SchemaObject> =
            expected.into_iter().filter(|o| o.name != "towns").collect();
        assert!(check_schema(&missing)
            .unwrap_err()
            .to_string()
            .contains("missing table \"towns\""));
    }

    #[test]
    fn typed_queries_become_safe_prefix_queries() {
        assert_eq!(
            fts_prefix_query("Hôpital  tapa").unwrap(),
            "\"hopital\"* \"tapa\"*"
        );
        assert_eq!(
            fts_prefix_query("\" OR 1=1 --").unwrap(),
            "\"or\"* \"1\"* \"1\"*"
        );
        assert!(fts_prefix_query("  ¿? ").is_none());
    }
}
