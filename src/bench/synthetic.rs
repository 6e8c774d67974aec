//! Synthetic places for the benchmarks, and the real data they are modelled on. Synthetic places are
//! generated from a fixed seed, spread over the route's bounding box and clustered around the real towns of
//! the default bundle; their names are real town names plus the app's own category words. They are
//! benchmark input only: they never enter a shipped bundle (a synthetic bundle is written to a temporary
//! directory, signed with the development key, and says "synthetic" in its id, dataset and every name).

use super::BenchError;
use crate::bundle::format::{self, Attribution, Manifest, VerifiedBundle};
use crate::bundle::{verify, TrustedKeys};
use crate::i18n::Localizer;
use crate::model::{Category, LatLon};
use crate::text::fold;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{params, Connection};

/// The route's bounding box, west, south, east, north (degrees): the synthetic data and the query points
/// stay inside it.
pub const REGION_BBOX: [f64; 4] = [-118.5, 4.0, -74.0, 33.5];

/// Share of synthetic points placed uniformly over the box rather than around a town.
const UNIFORM_SHARE: f64 = 0.15;

/// A town of the default bundle (GeoNames).
#[derive(Debug, Clone, PartialEq)]
pub struct Town {
    /// Name as GeoNames writes it.
    pub name: String,
    /// ISO2 country code.
    pub country: String,
    /// Population, 0 when unknown.
    pub population: u64,
    /// Centre.
    pub position: LatLon,
}

/// A verified bundle's content database, opened writable in memory (the bundle file is not touched).
pub struct BundleDb {
    /// The verified bundle.
    pub verified: VerifiedBundle,
    /// The decompressed SQLite file.
    pub bytes: Vec<u8>,
    /// A connection to a private in-memory copy of it.
    pub conn: Connection,
}

impl BundleDb {
    /// The embedded default bundle (checked by its pinned sha256), decompressed and opened as a private
    /// in-memory copy.
    pub fn open_embedded() -> Result<Self, BenchError> {
        Self::open_verified(
            crate::catalog::DEFAULT_BUNDLE,
            crate::catalog::verify_embedded()?,
        )
    }

    /// Verifies `bundle` against `trusted`, decompresses it and opens a private in-memory copy.
    pub fn open(bundle: &[u8], trusted: &TrustedKeys) -> Result<Self, BenchError> {
        Self::open_verified(bundle, verify(bundle, trusted)?)
    }

    fn open_verified(bundle: &[u8], verified: VerifiedBundle) -> Result<Self, BenchError> {
        // The benchmark's synthetic bundles are larger than the app's default limit, on purpose.
        let bytes = verified.decompress_within(bundle, crate::bundle::format::MAX_CONTENT_BYTES)?;
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, &bytes[..], bytes.len(), false)?;
        Ok(Self {
            verified,
            bytes,
            conn,
        })
    }

    /// Every town, ordered by id.
    pub fn towns(&self) -> Result<Vec<Town>, BenchError> {
        let mut statement = self
            .conn
            .prepare("SELECT name, country, population, lat, lon FROM towns ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok(Town {
                name: row.get(0)?,
                country: row.get(1)?,
                population: row.get::<_, Option<i64>>(2)?.unwrap_or(0).max(0) as u64,
                position: LatLon::new(row.get(3)?, row.get(4)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Synthetic places: parallel vectors, index `i` is place `i`.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticPlaces {
    /// Positions.
    pub positions: Vec<LatLon>,
    /// Categories, drawn with the real bundle's category frequencies.
    pub categories: Vec<Category>,
    /// The town each place was clustered around (index into the towns given), or `None` for uniform points.
    pub towns: Vec<Option<u32>>,
}

/// Draws positions: most around a town (chosen with probability ∝ √population, spread ∝ ∛population),
/// the rest uniform over [`REGION_BBOX`]. Returns each position and its town.
pub fn positions(count: usize, seed: u64, towns: &[Town]) -> Vec<(LatLon, Option<u32>)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let [west, south, east, north] = REGION_BBOX;
    let inside = |p: LatLon| (south..=north).contains(&p.lat) && (west..=east).contains(&p.lon);
    // Towns outside the box (e.g. eastern Colombia) get no points.
    let weights: Vec<f64> = towns
        .iter()
        .map(|t| {
            if inside(t.position) {
                (t.population.max(1000) as f64).sqrt()
            } else {
                0.0
            }
        })
        .collect();
    let cumulative: Vec<f64> = weights
        .iter()
        .scan(0.0, |sum, w| {
            *sum += w;
            Some(*sum)
        })
        .collect();
    let total = cumulative.last().copied().unwrap_or(0.0);
    (0..count)
        .map(|_| {
            if total <= 0.0 || rng.gen_bool(UNIFORM_SHARE) {
                let position = LatLon::new(rng.gen_range(south..north), rng.gen_range(west..east));
                return (position, None);
            }
            let pick = rng.gen_range(0.0..total);
            let town = cumulative
                .partition_point(|c| *c <= pick)
                .min(towns.len() - 1);
            let centre = towns[town].position;
            let sigma_km =
                (1.5 * (towns[town].population.max(1) as f64 / 5000.0).cbrt()).clamp(1.0, 25.0);
            // Box–Muller normal offsets, drawn again until the point is inside the box (clamping would pile
            // points onto the box's corners).
            loop {
                let (u1, u2): (f64, f64) = (rng.gen_range(f64::EPSILON..1.0), rng.gen());
                let radius = (-2.0 * u1.ln()).sqrt() * sigma_km;
                let angle = std::f64::consts::TAU * u2;
                let lat = centre.lat + radius * angle.sin() / 111.2;
                let lon =
                    centre.lon + radius * angle.cos() / (111.2 * centre.lat.to_radians().cos());
                if inside(LatLon::new(lat, lon)) {
                    return (LatLon::new(lat, lon), Some(town as u32));
                }
            }
        })
        .collect()
}

impl SyntheticPlaces {
    /// `count` places from `seed`, clustered around `towns`, with categories drawn from `category_weights`
    /// (e.g. the real bundle's counts per category).
    pub fn generate(
        count: usize,
        seed: u64,
        towns: &[Town],
        category_weights: &[(Category, u64)],
    ) -> Self {
        let drawn = positions(count, seed, towns);
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_ca7e_9042_1a11);
        let total: u64 = category_weights.iter().map(|(_, w)| w).sum::<u64>().max(1);
        let categories = (0..count)
            .map(|_| {
                let mut pick = rng.gen_range(0..total);
                for (category, weight) in category_weights {
                    if pick < *weight {
                        return *category;
                    }
                    pick -= weight;
                }
                Category::HumanitarianOrg
            })
            .collect();
        Self {
            positions: drawn.iter().map(|(p, _)| *p).collect(),
            towns: drawn.iter().map(|(_, t)| *t).collect(),
            categories,
        }
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.positions.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    /// Text for place `i`: a name (category word in one of the three languages + the town's name + a number)
    /// and a search body (town, country, category words in all three languages), as the builder writes them.
    pub fn text(&self, i: usize, towns: &[Town], words: &CategoryWords) -> (String, String) {
        let category = self.categories[i];
        let lang = i % 3;
        let town = self.towns[i].map(|t| &towns[t as usize]);
        let place = town.map(|t| t.name.as_str()).unwrap_or("Ruta");
        let name = format!("{} {place} {}", words.word(category, lang), i % 97 + 1);
        let body = format!(
            "{} {} {}",
            place,
            town.map(|t| t.country.as_str()).unwrap_or(""),
            words.all(category)
        );
        (name, body)
    }
}

/// The app's own category words in es, en and fr (from the Fluent files), for synthetic names.
pub struct CategoryWords {
    words: Vec<(Category, [String; 3])>,
}

impl CategoryWords {
    /// Loads the labels of every category in the three languages.
    pub fn load() -> Self {
        let localizers = ["es", "en", "fr"].map(Localizer::new);
        Self {
            words: Category::ALL
                .iter()
                .map(|c| (*c, localizers.clone().map(|l| l.category(*c))))
                .collect(),
        }
    }

    /// The label of `category` in language number `lang` (0 es, 1 en, 2 fr).
    pub fn word(&self, category: Category, lang: usize) -> &str {
        self.words
            .iter()
            .find(|(c, _)| *c == category)
            .map(|(_, w)| w[lang % 3].as_str())
            .unwrap_or("")
    }

    /// The three labels, space separated.
    pub fn all(&self, category: Category) -> String {
        (0..3)
            .map(|lang| self.word(category, lang))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Every label in every language, folded (lower case, no accents), for building search queries.
    pub fn folded(&self) -> Vec<(usize, String)> {
        self.words
            .iter()
            .flat_map(|(_, w)| w.iter().enumerate().map(|(lang, word)| (lang, fold(word))))
            .collect()
    }
}

/// Copies the real bundle's database, adds `places` (category, position, name and search row each, all
/// labelled synthetic), and signs the result with `key` into a new bundle file (bytes). The bundle is for
/// measuring only and must never be shipped: its id is `synthetic-benchmark` and every place says SYNTHETIC.
pub fn synthetic_bundle(
    base: &BundleDb,
    places: &SyntheticPlaces,
    towns: &[Town],
    key: &ed25519_dalek::SigningKey,
) -> Result<Vec<u8>, BenchError> {
    let mut conn = Connection::open_in_memory()?;
    conn.deserialize_read_exact(rusqlite::MAIN_DB, &base.bytes[..], base.bytes.len(), false)?;
    conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    let words = CategoryWords::load();
    let tx = conn.transaction()?;
    {
        tx.execute(
            "INSERT INTO datasets VALUES ('synthetic_benchmark', 'SYNTHETIC benchmark places (not real)', 'CC0-1.0', 'Synthetic data for benchmarks; not real places', 'paso-data bench', ?1)",
            [places.len() as i64],
        )?;
        let mut insert = tx.prepare(
            "INSERT INTO places (id, category, name, country, lat, lon, location_precision, phones, serves, serves_text,
                                 services, status, verification, dataset, licence, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'exact', '[]', '[]', '{}', '{}', 'unknown', 'unverified',
                     'synthetic_benchmark', 'CC0-1.0',
                     '{\"es\":\"SINTÉTICO: generado para medir, no es un lugar real\",\"en\":\"SYNTHETIC: generated for benchmarks, not a real place\",\"fr\":\"SYNTHÉTIQUE : créé pour les mesures, pas un lieu réel\"}')",
        )?;
        let mut search = tx.prepare(
            "INSERT INTO search (kind, ref, lang, title, body) VALUES ('place', ?1, 'any', ?2, ?3)",
        )?;
        for i in 0..places.len() {
            let id = format!("synthetic-{i:07}");
            let (name, body) = places.text(i, towns, &words);
            let name = format!("SYNTHETIC {name}");
            let country = places.towns[i]
                .map(|t| towns[t as usize].country.as_str())
                .unwrap_or("ZZ");
            let position = places.positions[i];
            insert.execute(params![
                id,
                places.categories[i].as_str(),
                name,
                country,
                position.lat,
                position.lon
            ])?;
            search.execute(params![id, name, body])?;
        }
    }
    tx.execute_batch(&crate::store::schema::fill_place_boxes_sql())?;
    crate::store::schema::fill_place_trees(&tx)?;
    tx.commit()?;
    conn.execute_batch("INSERT INTO search(search) VALUES ('optimize'); VACUUM;")?;
    let db = conn.serialize(rusqlite::MAIN_DB)?;
    let mut manifest: Manifest = base.verified.manifest.clone();
    manifest.bundle_id = "synthetic-benchmark".into();
    manifest.publisher.name = "paso-data bench (SYNTHETIC, development key, never ship)".into();
    manifest.coverage.places += places.len() as u64;
    manifest.coverage.mapped_places += places.len() as u64;
    manifest.attributions.push(Attribution {
        id: "synthetic_benchmark".into(),
        name: "SYNTHETIC benchmark places (not real)".into(),
        licence: "CC0-1.0".into(),
        attribution: "Synthetic data for benchmarks; not real places".into(),
        origin: "paso-data bench".into(),
        rows: places.len() as u64,
    });
    Ok(format::write(manifest, &db, key)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn towns() -> Vec<Town> {
        // Test-only towns; positions are arbitrary points inside the box.
        vec![
            Town {
                name: "Alpha".into(),
                country: "CR".into(),
                population: 300_000,
                position: LatLon::new(9.9, -84.1),
            },
            Town {
                name: "Beta".into(),
                country: "MX".into(),
                population: 5_000,
                position: LatLon::new(14.9, -92.3),
            },
        ]
    }

    #[test]
    fn generation_is_seeded_inside_the_box_and_clustered() {
        let weights = [(Category::Shelter, 1), (Category::Health, 3)];
        let a = SyntheticPlaces::generate(5000, 9, &towns(), &weights);
        assert_eq!(a, SyntheticPlaces::generate(5000, 9, &towns(), &weights));
        assert_ne!(a, SyntheticPlaces::generate(5000, 10, &towns(), &weights));
        let [west, south, east, north] = REGION_BBOX;
        assert!(a
            .positions
            .iter()
            .all(|p| p.lon >= west && p.lon <= east && p.lat >= south && p.lat <= north));
        let clustered = a.towns.iter().filter(|t| t.is_some()).count();
        assert!((4000..4500).contains(&clustered), "{clustered}");
        let near_alpha = a
            .positions
            .iter()
            .filter(|p| crate::spatial::distance_m(**p, towns()[0].position) < 50_000.0)
            .count();
        assert!(near_alpha > 2500, "{near_alpha}");
        let shelters = a
            .categories
            .iter()
            .filter(|c| **c == Category::Shelter)
            .count();
        assert!((1000..1500).contains(&shelters), "{shelters}");
    }
}
