//! The query service the app and the CLI share: a verified content store plus the R-tree of its places and
//! the country polygons. Screens and commands ask it "what is near", "find this", "which country"; they never
//! see SQL.

use crate::bundle::{TrustedKeys, VerifiedBundle};
use crate::model::*;
use crate::spatial::PlaceIndex;
pub use crate::store::content::{
    CountryInfo, PlaceBrief, SearchHit, SearchTarget, TownInfo, VisaLine,
};
use crate::store::shelf::{Opened, Shelf};
use crate::store::{ContentStore, Limits, StoreError};

/// The default bundle built from `data/` by `paso-data build`, embedded in every binary.
pub const DEFAULT_BUNDLE: &[u8] = include_bytes!("../data/default.paso");

// `DEFAULT_BUNDLE_SHA256`: the sha256 of `data/default.paso`, computed by `build.rs` when this binary was built.
include!(concat!(env!("OUT_DIR"), "/default_bundle_sha256.rs"));

/// Verifies the embedded default bundle by the hash pinned at build time (no publisher key needed).
pub fn verify_embedded() -> Result<crate::bundle::VerifiedBundle, crate::bundle::BundleError> {
    crate::bundle::format::verify_pinned(DEFAULT_BUNDLE, DEFAULT_BUNDLE_SHA256)
}

/// The embedded bundle's manifest, read from the binary's own bytes without hashing them (the pin covers
/// them when the bundle is opened); for comparisons such as "is the installed bundle older".
pub fn embedded_manifest() -> Result<crate::bundle::format::Manifest, crate::bundle::BundleError> {
    let raw = crate::bundle::format::split(DEFAULT_BUNDLE)?;
    serde_json::from_slice(raw.manifest_bytes)
        .map_err(|e| crate::bundle::BundleError::ManifestInvalid(e.to_string()))
}

/// Filters for a "near" query.
#[derive(Debug, Clone, PartialEq)]
pub struct NearQuery {
    /// Where the person is.
    pub origin: LatLon,
    /// Only these categories (empty: all).
    pub categories: Vec<Category>,
    /// Only places that say they serve one of these groups (empty: all).
    pub serves: Vec<TargetGroup>,
    /// Keep closed places (they are shown with a warning).
    pub include_closed: bool,
    /// Keep places placed at a town's centre.
    pub include_approximate: bool,
    /// How many.
    pub limit: usize,
    /// Only within this distance, in metres.
    pub radius_m: Option<f64>,
}

impl NearQuery {
    /// The 20 nearest places of every kind, closed and approximate ones included.
    pub fn around(origin: LatLon) -> Self {
        Self {
            origin,
            categories: Vec::new(),
            serves: Vec::new(),
            include_closed: true,
            include_approximate: true,
            limit: 20,
            radius_m: None,
        }
    }

    /// Whether a place passes the filters (the categories are the R*Tree's own filter, applied before).
    fn keeps_boxed(&self, place: &crate::store::content::BoxedPlace) -> bool {
        (self.serves.is_empty() || self.serves.iter().any(|g| place.serves.contains(g)))
            && (self.include_closed || !place.closed)
            && (self.include_approximate || !place.town_level)
    }
}

/// A place with its distance and direction from the query point.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearby {
    /// The place.
    pub place: PlaceBrief,
    /// Great-circle metres.
    pub distance_m: f64,
    /// Degrees from north.
    pub bearing_deg: f64,
    /// True when the place is in another country than the query point (a border may lie between).
    pub across_border: bool,
}

/// Every place in memory, with the R-tree of the mapped ones (for the map's boxes).
struct AllPlaces {
    places: Vec<PlaceBrief>,
    /// `mapped[i]` is the index in `places` of the i-th point in the R-tree.
    mapped: Vec<u32>,
    index: PlaceIndex,
}

/// The first cap "what is near" looks in; it grows until it holds enough answers.
pub const FIRST_RADIUS_M: f64 = 10_000.0;

/// A verified bundle, ready to answer questions.
pub struct Catalog {
    store: ContentStore,
    /// Every place, read on the first question that needs them all (the map, lists by country); "what is
    /// near" never does.
    all: std::cell::OnceCell<AllPlaces>,
    /// The 1:10m country shapes parsed so far ("which country" parses only the candidates of a point).
    shapes:
        std::cell::RefCell<std::collections::HashMap<CountryCode, Option<geo::MultiPolygon<f64>>>>,
}

impl Catalog {
    /// Verifies and opens a bundle, and builds its indexes, under the default [`Limits`].
    pub fn open(bundle: &[u8], trusted: &TrustedKeys) -> Result<Self, StoreError> {
        Self::open_with(bundle, trusted, &Limits::default())
    }

    /// Like [`Catalog::open`], under other limits (a larger database, another query time limit).
    pub fn open_with(
        bundle: &[u8],
        trusted: &TrustedKeys,
        limits: &Limits,
    ) -> Result<Self, StoreError> {
        Self::open_verified(bundle, &crate::bundle::verify(bundle, trusted)?, limits)
    }

    /// Opens a bundle already checked by [`crate::bundle::verify`]: the path the app takes at start, and
    /// the one an install takes before it swaps anything.
    pub fn open_verified(
        bundle: &[u8],
        verified: &VerifiedBundle,
        limits: &Limits,
    ) -> Result<Self, StoreError> {
        Self::from_store(ContentStore::open_verified(bundle, verified, limits)?)
    }

    /// Opens the bundle file at `path` through the shelf of verified databases (see [`Shelf`]): the first
    /// time, or after any change, it is verified in full and its database written to the shelf; later, only
    /// the cheap check runs.
    pub fn open_shelved(
        shelf: &Shelf,
        path: &std::path::Path,
        trusted: &TrustedKeys,
        limits: &Limits,
    ) -> Result<(Self, Opened), StoreError> {
        let (store, how) = shelf.open_file(path, trusted, limits)?;
        Ok((Self::from_store(store)?, how))
    }

    /// The embedded default bundle through the shelf: verified by its pin and written out once, then opened
    /// in place.
    pub fn open_default_shelved(shelf: &Shelf) -> Result<(Self, Opened), StoreError> {
        let (store, how) =
            shelf.open_pinned(DEFAULT_BUNDLE, DEFAULT_BUNDLE_SHA256, &Limits::default())?;
        Ok((Self::from_store(store)?, how))
    }

    /// A catalog over an opened store. Nothing more is read until a question needs it.
    pub(crate) fn from_store(store: ContentStore) -> Result<Self, StoreError> {
        Ok(Self {
            store,
            all: std::cell::OnceCell::new(),
            shapes: Default::default(),
        })
    }

    fn all(&self) -> &AllPlaces {
        self.all.get_or_init(|| {
            let places = self.store.briefs().unwrap_or_else(|error| {
                log::warn!("places unreadable ({error}); none listed");
                Vec::new()
            });
            let mut mapped = Vec::new();
            let mut positions = Vec::new();
            for (i, place) in places.iter().enumerate() {
                if let Some(position) = place.position.filter(|_| place.is_mappable()) {
                    mapped.push(i as u32);
                    positions.push(position);
                }
            }
            AllPlaces {
                places,
                mapped,
                index: PlaceIndex::new(positions),
            }
        })
    }

    /// The embedded default bundle, checked by the sha256 pinned at build time (no key list involved).
    pub fn open_default() -> Result<Self, StoreError> {
        Self::open_verified(DEFAULT_BUNDLE, &verify_embedded()?, &Limits::default())
    }

    /// The content store (read-only).
    pub fn store(&self) -> &ContentStore {
        &self.store
    }

    /// Every place, compact, ordered by id (read from the bundle on the first call).
    pub fn places(&self) -> &[PlaceBrief] {
        &self.all().places
    }

    /// The nearest places that pass the query's filters: open ones first, nearest first, then the closed ones
    /// (kept as a warning), nearest first. Each says whether it lies in another country than `query.origin`.
    /// Answered from the bundle's R*Tree in growing caps (see [`crate::spatial::nearest_by_caps`]): a few
    /// page reads, whatever the bundle's size; equal to a brute-force sort.
    pub fn near(&self, query: &NearQuery) -> Vec<Nearby> {
        let mut ids = std::collections::HashMap::new();
        let hits = crate::spatial::nearest_by_caps(
            query.origin,
            query.limit,
            query.radius_m,
            FIRST_RADIUS_M,
            |south_west, north_east| {
                ids.clear();
                let boxed = self
                    .store
                    .boxed(&query.categories, south_west, north_east)?;
                Ok::<_, StoreError>(
                    boxed
                        .into_iter()
                        .filter(|b| query.keeps_boxed(b))
                        .map(|b| {
                            let found = (b.number, b.position);
                            ids.insert(b.number, b.id);
                            found
                        })
                        .collect(),
                )
            },
        );
        let hits = hits.unwrap_or_else(|error| {
            log::warn!("near failed ({error})");
            Vec::new()
        });
        let origin_country = if hits.is_empty() {
            None
        } else {
            self.country_at(query.origin)
        };
        let mut found: Vec<Nearby> = hits
            .into_iter()
            .filter_map(|hit| {
                let place = match self.store.brief_of(ids.get(&hit.index)?) {
                    Ok(place) => place?,
                    Err(error) => {
                        log::warn!("a near place is unreadable ({error})");
                        return None;
                    }
                };
                Some(Nearby {
                    across_border: origin_country.is_some_and(|c| c != place.country),
                    place,
                    distance_m: hit.distance_m,
                    bearing_deg: hit.bearing_deg,
                })
            })
            .collect();
        // Stable: distance order is kept inside each group.
        found.sort_by_key(|n| n.place.status.is_closed());
        found
    }

    /// Places in a country matching a category (mapped or not), by name.
    pub fn in_country(&self, country: CountryCode, category: Option<Category>) -> Vec<&PlaceBrief> {
        let mut found: Vec<&PlaceBrief> = self
            .places()
            .iter()
            .filter(|p| p.country == country && category.is_none_or(|c| p.category == c))
            .collect();
        found.sort_by(|a, b| a.names.name.cmp(&b.names.name));
        found
    }

    /// Diplomatic missions of `sending_state` located in `country`.
    pub fn missions_of(
        &self,
        sending_state: CountryCode,
        country: CountryCode,
    ) -> Vec<&PlaceBrief> {
        self.places()
            .iter()
            .filter(|p| {
                p.category == Category::Consulate
                    && p.country == country
                    && p.operator_country == Some(sending_state)
            })
            .collect()
    }

    /// Places inside a lat/lon box (for the map).
    pub fn in_box(&self, south_west: LatLon, north_east: LatLon) -> Vec<&PlaceBrief> {
        let all = self.all();
        all.index
            .in_box(south_west, north_east)
            .into_iter()
            .map(|i| &all.places[all.mapped[i as usize] as usize])
            .collect()
    }

    /// A place with every field.
    pub fn place(&self, id: &str) -> Result<Option<Place>, StoreError> {
        self.store.place(id)
    }

    /// Full-text search (see [`ContentStore::search`]).
    pub fn search(
        &self,
        query: &str,
        lang: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        self.store.search(query, lang, limit)
    }

    /// A town.
    pub fn town(&self, id: &str) -> Result<Option<TownInfo>, StoreError> {
        self.store.town(id)
    }

    /// Which country a point is in. Only the countries whose border box holds the point are read and parsed,
    /// each once.
    pub fn country_at(&self, position: LatLon) -> Option<CountryCode> {
        if !position.is_valid() {
            return None;
        }
        let candidates = self
            .store
            .borders_around("10m", position)
            .unwrap_or_else(|error| {
                log::warn!("country borders unreadable ({error}); no country lookups");
                Vec::new()
            });
        let mut shapes = self.shapes.borrow_mut();
        candidates.into_iter().find_map(|(code, geometry)| {
            let shape = shapes
                .entry(code)
                .or_insert_with(|| crate::spatial::geometry_to_multipolygon(&geometry));
            shape
                .as_ref()
                .is_some_and(|shape| crate::spatial::contains(shape, position))
                .then_some(code)
        })
    }

    /// All country names.
    pub fn countries(&self) -> Result<Vec<CountryInfo>, StoreError> {
        self.store.countries()
    }

    /// The visa line for a passport and destination.
    pub fn visa(
        &self,
        passport: CountryCode,
        destination: CountryCode,
    ) -> Result<Option<VisaLine>, StoreError> {
        self.store.visa(passport, destination)
    }

    /// A guide.
    pub fn guide(&self, country: CountryCode, lang: &str) -> Result<Option<Guide>, StoreError> {
        self.store.guide(country, lang)
    }

    /// A "What's true" card in `lang`, or in the next language of the fallback chain that has it.
    pub fn card(&self, id: &str, lang: &str) -> Result<Option<Card>, StoreError> {
        for candidate in crate::i18n::fallback_chain(lang) {
            if let Some(card) = self.store.card(id, candidate)? {
                return Ok(Some(card));
            }
        }
        Ok(None)
    }

    /// Every card, each in `lang` or its fallback, ordered by id.
    pub fn cards(&self, lang: &str) -> Result<Vec<Card>, StoreError> {
        let mut cards = Vec::new();
        for id in self.store.card_ids()? {
            cards.extend(self.card(&id, lang)?);
        }
        Ok(cards)
    }

    /// The cards that concern `country` (those naming it and those for everywhere), in `lang` or its fallback.
    pub fn cards_for(&self, country: CountryCode, lang: &str) -> Result<Vec<Card>, StoreError> {
        Ok(self
            .cards(lang)?
            .into_iter()
            .filter(|card| card.concerns(country))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mini() -> Catalog {
        let bundle = include_bytes!("../tests/data/mini.paso");
        Catalog::open(bundle, &crate::bundle::keys::dev_trusted()).expect("the fixture opens")
    }

    #[test]
    fn near_reads_no_list_of_every_place() {
        let catalog = mini();
        let origin = catalog
            .store
            .briefs()
            .unwrap()
            .into_iter()
            .find_map(|p| p.position.filter(|_| p.is_mappable()))
            .expect("a mapped place");
        let found = catalog.near(&NearQuery::around(origin));
        assert!(!found.is_empty());
        assert_eq!(found[0].distance_m, 0.0);
        assert!(catalog.all.get().is_none(), "near loaded every place");
    }

    #[test]
    fn near_with_filters_equals_filtering_every_place() {
        let catalog = mini();
        let everything = catalog.places().to_vec();
        let origin = everything
            .iter()
            .find_map(|p| p.position.filter(|_| p.is_mappable()))
            .unwrap();
        for category in Category::ALL {
            for include_closed in [true, false] {
                for include_approximate in [true, false] {
                    let mut query = NearQuery::around(origin);
                    query.categories = vec![*category];
                    query.include_closed = include_closed;
                    query.include_approximate = include_approximate;
                    query.limit = 5;
                    let got: Vec<String> = catalog
                        .near(&query)
                        .into_iter()
                        .map(|n| n.place.id.0)
                        .collect();
                    let mut expected: Vec<(f64, &PlaceBrief)> = everything
                        .iter()
                        .filter(|p| p.is_mappable() && p.category == *category)
                        .filter(|p| include_closed || !p.status.is_closed())
                        .filter(|p| include_approximate || p.precision != LocationPrecision::Town)
                        .map(|p| (crate::spatial::distance_m(origin, p.position.unwrap()), p))
                        .collect();
                    expected.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.0.cmp(&b.1.id.0)));
                    expected.truncate(5);
                    expected.sort_by_key(|(_, p)| p.status.is_closed());
                    let expected: Vec<String> =
                        expected.into_iter().map(|(_, p)| p.id.0.clone()).collect();
                    assert_eq!(
                        got, expected,
                        "{category:?} closed {include_closed} approx {include_approximate}"
                    );
                }
            }
        }
    }

    #[test]
    fn which_country_parses_only_candidates_and_agrees_with_every_border() {
        use rand::{Rng, SeedableRng};
        let catalog = Catalog::open_default().unwrap();
        let every = crate::spatial::CountryLocator::new(
            catalog
                .store
                .borders("10m")
                .unwrap()
                .into_iter()
                .filter_map(|(code, geometry)| {
                    crate::spatial::geometry_to_multipolygon(&geometry).map(|g| (code, g))
                })
                .collect(),
        );
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let tapachula = LatLon::new(14.90541, -92.25891);
        assert_eq!(catalog.country_at(tapachula).unwrap().as_str(), "MX");
        assert!(
            catalog.shapes.borrow().len() <= 3,
            "{} shapes parsed for one point",
            catalog.shapes.borrow().len()
        );
        for _ in 0..500 {
            let point = LatLon::new(rng.gen_range(5.0..33.0), rng.gen_range(-118.0..-76.0));
            assert_eq!(
                catalog.country_at(point),
                every.country_at(point),
                "at {point:?}"
            );
        }
    }
}
