//! The query service the app and the CLI share: a verified content store plus the R-tree of its places and
//! the country polygons. Screens and commands ask it "what is near", "find this", "which country"; they never
//! see SQL.

use crate::bundle::format::Manifest;
use crate::bundle::{TrustedKeys, VerifiedBundle};
use crate::i18n::Lang;
use crate::model::*;
use crate::spatial::PlaceIndex;
pub use crate::store::content::{
    CountryInfo, PlaceBrief, SearchHit, SearchTarget, TownInfo, VisaLine,
};
use crate::store::shelf::{Opened, Shelf};
use crate::store::{ContentStore, Limits, StoreError};

/// The default bundle built from `data/` by `paso-data build`, embedded in every native binary. The web build
/// does not carry it: it fetches `default.paso` as its own file and hands it to [`provide_default_bundle`].
#[cfg(not(target_arch = "wasm32"))]
pub const DEFAULT_BUNDLE: &[u8] = include_bytes!("../data/default.paso");

// `DEFAULT_BUNDLE_SHA256`: the sha256 of `data/default.paso`, computed by `build.rs` when this binary was built.
include!(concat!(env!("OUT_DIR"), "/default_bundle_sha256.rs"));

/// The default bundle the web build fetched, once [`provide_default_bundle`] accepted it.
#[cfg(target_arch = "wasm32")]
static PROVIDED_DEFAULT: std::sync::OnceLock<&'static [u8]> = std::sync::OnceLock::new();

/// The default bundle's bytes: compiled in on native builds; on the web the file fetched at start (empty until
/// then, which every check refuses). Every use verifies it by [`DEFAULT_BUNDLE_SHA256`] as before.
pub fn default_bundle() -> &'static [u8] {
    #[cfg(not(target_arch = "wasm32"))]
    {
        DEFAULT_BUNDLE
    }
    #[cfg(target_arch = "wasm32")]
    {
        PROVIDED_DEFAULT.get().copied().unwrap_or(&[])
    }
}

/// Hands the web build's fetched `default.paso` to the catalog, after the same pinned check the compiled-in
/// bundle gets ([`crate::bundle::format::verify_pinned`] against [`DEFAULT_BUNDLE_SHA256`]); bytes that do
/// not hash to the pin are refused and never kept. The bytes live as long as the page.
#[cfg(target_arch = "wasm32")]
pub fn provide_default_bundle(bytes: Vec<u8>) -> Result<(), crate::bundle::BundleError> {
    crate::bundle::format::verify_pinned(&bytes, DEFAULT_BUNDLE_SHA256)?;
    let _ = PROVIDED_DEFAULT.set(Vec::leak(bytes));
    Ok(())
}

/// Verifies the default bundle by the hash pinned at build time (no publisher key needed).
pub fn verify_embedded() -> Result<crate::bundle::VerifiedBundle, crate::bundle::BundleError> {
    crate::bundle::format::verify_pinned(default_bundle(), DEFAULT_BUNDLE_SHA256)
}

/// The default bundle's manifest, read from its bytes without hashing them (the pin covers them when the
/// bundle is opened); for comparisons such as "is the installed bundle older".
pub fn embedded_manifest() -> Result<crate::bundle::format::Manifest, crate::bundle::BundleError> {
    let raw = crate::bundle::format::split(default_bundle())?;
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

    /// True when a place's facts (closed, town level, serves) decide whether it is kept; false when every
    /// place of the chosen categories is, so near reads no facts at all.
    fn filters_facts(&self) -> bool {
        !self.serves.is_empty() || !self.include_closed || !self.include_approximate
    }

    /// Whether a place passes the filters (the categories choose the trees, before).
    fn keeps(&self, place: crate::spatial::packed::PlaceFacts) -> bool {
        (self.serves.is_empty() || self.serves.iter().any(|g| place.serves(*g)))
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

/// A verified bundle, ready to answer questions.
pub struct Catalog {
    store: ContentStore,
    /// Every place, read on the first question that needs them all (the map, lists by country); "what is
    /// near" never does.
    all: std::cell::OnceCell<AllPlaces>,
    /// The 1:10m country shapes parsed so far ("which country" parses only the candidates of a point).
    shapes:
        std::cell::RefCell<std::collections::HashMap<CountryCode, Option<geo::MultiPolygon<f64>>>>,
    /// What the typed methods below read once and keep (country names, guide lists).
    cached: Cached,
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
            shelf.open_pinned(default_bundle(), DEFAULT_BUNDLE_SHA256, &Limits::default())?;
        Ok((Self::from_store(store)?, how))
    }

    /// A catalog over an opened store. Nothing more is read until a question needs it.
    pub(crate) fn from_store(store: ContentStore) -> Result<Self, StoreError> {
        Ok(Self {
            store,
            all: std::cell::OnceCell::new(),
            shapes: Default::default(),
            cached: Cached::default(),
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
        Self::open_verified(default_bundle(), &verify_embedded()?, &Limits::default())
    }

    /// Every place, compact, ordered by id (read from the bundle on the first call).
    pub fn places(&self) -> &[PlaceBrief] {
        &self.all().places
    }

    /// The nearest places that pass the query's filters: open ones first, nearest first, then the closed ones
    /// (kept as a warning), nearest first. Each says whether it lies in another country than `query.origin`.
    /// Answered from the bundle's trees of places (see [`crate::spatial::packed`]), read in place: a few
    /// page reads, whatever the bundle's size; equal to a brute-force sort.
    pub fn near(&self, query: &NearQuery) -> Vec<Nearby> {
        let keeps = |facts| query.keeps(facts);
        let keep: Option<&dyn Fn(crate::spatial::packed::PlaceFacts) -> bool> =
            query.filters_facts().then_some(&keeps);
        let hits = self
            .store
            .nearest(
                query.origin,
                query.limit,
                query.radius_m,
                &query.categories,
                keep,
            )
            .unwrap_or_else(|error| {
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
                let place = match self.store.brief_by_number(hit.index) {
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
        if let Some(packed) = self.store.packed_borders() {
            return packed.country_at(position);
        }
        let candidates = self
            .store
            .borders_around(BorderScale::Fine.as_str(), position)
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

    /// Every country with its names, ordered by code; read once, then kept. Empty (and logged) when the
    /// bundle's country table cannot be read, so a screen shows codes instead of names.
    pub fn countries(&self) -> &[CountryInfo] {
        if let Some(countries) = self.cached.countries.get() {
            return countries;
        }
        match self.store.countries() {
            Ok(countries) => self.cached.countries.get_or_init(|| countries),
            Err(error) => {
                log::warn!("country names unreadable ({error})");
                &[]
            }
        }
    }

    /// The visa line for a passport and destination.
    pub fn visa(
        &self,
        passport: CountryCode,
        destination: CountryCode,
    ) -> Result<Option<VisaLine>, StoreError> {
        self.store.visa(passport, destination)
    }

    /// A country's guide in `lang`, or in the next language of the fallback chain that has it (the guide's
    /// `lang` says which; a screen says so when it is not the screen's).
    pub fn guide(&self, country: CountryCode, lang: Lang) -> Result<Option<Guide>, StoreError> {
        for candidate in lang.fallback_chain() {
            if let Some(guide) = self.guide_in(country, candidate)? {
                return Ok(Some(guide));
            }
        }
        Ok(None)
    }

    /// A country's guide in exactly `lang`, if the bundle has it.
    pub fn guide_in(&self, country: CountryCode, lang: Lang) -> Result<Option<Guide>, StoreError> {
        self.store.guide(country, lang.as_str())
    }

    /// A "What's true" card in `lang`, or in the next language of the fallback chain that has it.
    pub fn card(&self, id: &str, lang: Lang) -> Result<Option<Card>, StoreError> {
        for candidate in lang.fallback_chain() {
            if let Some(card) = self.store.card(id, candidate.as_str())? {
                return Ok(Some(card));
            }
        }
        Ok(None)
    }

    /// Every card, each in `lang` or its fallback, ordered by id.
    pub fn cards(&self, lang: Lang) -> Result<Vec<Card>, StoreError> {
        let mut cards = Vec::new();
        for id in self.store.card_ids()? {
            cards.extend(self.card(&id, lang)?);
        }
        Ok(cards)
    }

    /// The cards that concern `country` (those naming it and those for everywhere), in `lang` or its fallback.
    pub fn cards_for(&self, country: CountryCode, lang: Lang) -> Result<Vec<Card>, StoreError> {
        Ok(self
            .cards(lang)?
            .into_iter()
            .filter(|card| card.concerns(country))
            .collect())
    }

    /// Every town with its population, most populous first (ties by id), for the map's labels; towns the
    /// gazetteer gives no population come last, with 0.
    pub fn towns_by_population(&self) -> Result<Vec<(TownInfo, u64)>, StoreError> {
        self.store.towns_by_population()
    }
}

/// The two scales of country borders a bundle holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BorderScale {
    /// Natural Earth 1:50m: what the map draws.
    Medium,
    /// Natural Earth 1:10m: what "which country" is answered from.
    Fine,
}

impl BorderScale {
    /// The scale as the bundle's `borders.scale` column writes it (`50m`, `10m`).
    pub fn as_str(self) -> &'static str {
        match self {
            BorderScale::Medium => "50m",
            BorderScale::Fine => "10m",
        }
    }
}

/// A column places can be counted by ([`Catalog::counts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// ISO country code.
    Country,
    /// Category.
    Category,
    /// Location precision.
    LocationPrecision,
    /// Status.
    Status,
    /// Verification level.
    Verification,
}

impl Column {
    /// Every column, in the order `paso-data info` prints them.
    pub const ALL: [Column; 5] = [
        Column::Country,
        Column::Category,
        Column::LocationPrecision,
        Column::Status,
        Column::Verification,
    ];

    /// The column's name in the `places` table (and in `paso-data info --json`).
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Country => "country",
            Column::Category => "category",
            Column::LocationPrecision => "location_precision",
            Column::Status => "status",
            Column::Verification => "verification",
        }
    }
}

/// The dataset id of the curated route points.
pub const CURATED_DATASET: &str = "paso_curated";

/// What [`Catalog`]'s typed methods read once and keep.
#[derive(Default)]
struct Cached {
    countries: std::cell::OnceCell<Vec<CountryInfo>>,
    /// Per [`Lang::index`]: the countries with a guide and their names, by name.
    guide_countries: [std::cell::OnceCell<Vec<(CountryCode, String)>>; 3],
    /// The towns and an R-tree of their centres, built on the first "which town is near" question.
    towns: std::cell::OnceCell<(Vec<TownInfo>, PlaceIndex)>,
}

/// How far the nearest town may be for a position to be called "near" it.
pub const NEAR_TOWN_M: f64 = 50_000.0;

/// The one door to the content besides the queries above: typed, and cached where a screen asks often.
impl Catalog {
    /// The signed manifest of the open bundle.
    pub fn manifest(&self) -> &Manifest {
        self.store.manifest()
    }

    /// Name of the trusted key that signed the bundle (for the embedded bundle or an unnamed key, the
    /// manifest's publisher name).
    pub fn signer_name(&self) -> &str {
        self.store.signer_name()
    }

    /// sha256 of the bundle file.
    pub fn file_sha256(&self) -> &str {
        self.store.file_sha256()
    }

    /// SQLite's `PRAGMA quick_check` on the whole content (run at install).
    pub fn quick_check(&self) -> Result<(), StoreError> {
        self.store.quick_check()
    }

    /// A country's name in `lang`, or its code when the bundle does not name it. Reads the cached
    /// [`Catalog::countries`], so it is cheap inside a loop.
    pub fn country_name(&self, code: CountryCode, lang: Lang) -> String {
        let countries = self.countries();
        countries
            .binary_search_by(|c| c.code.cmp(&code))
            .ok()
            .map(|i| countries[i].name(lang.as_str()).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    /// The countries that have a guide, each with its name in `lang`, ordered by that name (accents
    /// folded); read once per language, then kept.
    pub fn guide_countries(&self, lang: Lang) -> &[(CountryCode, String)] {
        self.cached.guide_countries[lang.index()].get_or_init(|| {
            let codes = self.store.guide_countries().unwrap_or_else(|error| {
                log::warn!("guide list unreadable ({error})");
                Vec::new()
            });
            let mut named: Vec<(CountryCode, String)> = codes
                .into_iter()
                .map(|code| (code, self.country_name(code, lang)))
                .collect();
            named.sort_by_cached_key(|(_, name)| crate::text::fold(name));
            named
        })
    }

    /// The compact facts of one place, by id.
    pub fn brief(&self, id: &PlaceId) -> Option<&PlaceBrief> {
        let places = self.places();
        places
            .binary_search_by(|p| p.id.cmp(id))
            .ok()
            .map(|i| &places[i])
    }

    /// How many places have each value of `column`, ordered by value.
    pub fn counts(&self, column: Column) -> Result<Vec<(String, u64)>, StoreError> {
        self.store.count_by(column.as_str())
    }

    /// How many curated route points ([`CURATED_DATASET`]) each country has in each category.
    pub fn country_category_counts(
        &self,
    ) -> Result<
        std::collections::BTreeMap<CountryCode, std::collections::BTreeMap<Category, u64>>,
        StoreError,
    > {
        self.store.country_category_counts(CURATED_DATASET)
    }

    /// The bundle's town nearest to `position` within [`NEAR_TOWN_M`], found offline on an R-tree of the
    /// town centres built on the first call; `None` when no town is that near.
    pub fn nearest_town(&self, position: LatLon) -> Option<&TownInfo> {
        let (towns, index) = self.cached.towns.get_or_init(|| {
            let towns = self.store.towns().unwrap_or_else(|error| {
                log::warn!("towns unreadable ({error}); positions are not named");
                Vec::new()
            });
            let index = PlaceIndex::new(towns.iter().map(|t| t.position).collect());
            (towns, index)
        });
        index
            .nearest(position, 1, Some(NEAR_TOWN_M), |_| true)
            .first()
            .map(|hit| &towns[hit.index as usize])
    }

    /// Country borders (GeoJSON text) at `scale`, ordered by country. Not kept: the map prepares its
    /// shapes once and the country locator parses its own.
    pub fn borders(&self, scale: BorderScale) -> Result<Vec<(CountryCode, String)>, StoreError> {
        self.store.borders(scale.as_str())
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
    fn only_a_query_that_filters_on_facts_reads_them() {
        let around = NearQuery::around(LatLon::new(14.9, -92.3));
        assert!(!around.filters_facts());
        let mut shelters = around.clone();
        shelters.categories = vec![Category::Shelter];
        shelters.radius_m = Some(5_000.0);
        assert!(
            !shelters.filters_facts(),
            "categories choose trees, not facts"
        );
        let mut open_only = around.clone();
        open_only.include_closed = false;
        let mut exact_only = around.clone();
        exact_only.include_approximate = false;
        let mut women = around.clone();
        women.serves = vec![TargetGroup::Women];
        for query in [open_only, exact_only, women] {
            assert!(query.filters_facts(), "{query:?}");
        }
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

    #[test]
    fn which_country_from_the_shelfs_packed_borders_agrees_with_parsing_them() {
        use rand::{Rng, SeedableRng};
        let dir = tempfile::tempdir().unwrap();
        let shelf = Shelf::new(dir.path());
        Catalog::open_default_shelved(&shelf).unwrap();
        let (shelved, how) = Catalog::open_default_shelved(&shelf).unwrap();
        assert_eq!(how, Opened::Cheap);
        assert!(shelved.store.packed_borders().is_some());
        let parsed = Catalog::open_default().unwrap();
        assert!(parsed.store.packed_borders().is_none());
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(6);
        let mut answered = 0;
        for _ in 0..2000 {
            let point = LatLon::new(rng.gen_range(5.0..33.0), rng.gen_range(-118.0..-76.0));
            let answer = shelved.country_at(point);
            answered += usize::from(answer.is_some());
            assert_eq!(answer, parsed.country_at(point), "at {point:?}");
        }
        assert!(answered > 500, "{answered} of 2000 points in a country");
        assert!(shelved.shapes.borrow().is_empty(), "no GeoJSON parsed");
    }

    fn code(text: &str) -> CountryCode {
        CountryCode::parse(text).unwrap()
    }

    #[test]
    fn country_names_come_from_the_bundle_in_each_language_and_fall_back_to_the_code() {
        let catalog = Catalog::open_default().unwrap();
        let mx = code("MX");
        let names: Vec<String> = Lang::ALL
            .iter()
            .map(|lang| catalog.country_name(mx, *lang))
            .collect();
        assert_eq!(names, ["México", "Mexico", "Mexique"]);
        assert_eq!(catalog.country_name(code("QQ"), Lang::En), "QQ");
        // Read once: the second call hands out the same table.
        assert!(std::ptr::eq(catalog.countries(), catalog.countries()));
    }

    #[test]
    fn guide_countries_are_named_and_sorted_per_language() {
        let catalog = Catalog::open_default().unwrap();
        for lang in Lang::ALL {
            let listed = catalog.guide_countries(lang);
            assert_eq!(listed.len(), ROUTE_COUNTRIES.len(), "{lang}");
            let folded: Vec<String> = listed.iter().map(|(_, n)| crate::text::fold(n)).collect();
            let mut sorted = folded.clone();
            sorted.sort();
            assert_eq!(folded, sorted, "{lang}");
            for (code, name) in listed {
                assert_eq!(*name, catalog.country_name(*code, lang));
            }
        }
        let fr = catalog.guide_countries(Lang::Fr);
        assert!(fr.iter().any(|(_, name)| name == "Mexique"));
    }

    #[test]
    fn a_guide_is_given_in_the_language_asked_for_when_the_bundle_has_it() {
        let catalog = Catalog::open_default().unwrap();
        for lang in Lang::ALL {
            let guide = catalog.guide(code("CR"), lang).unwrap().unwrap();
            assert_eq!(guide.lang, lang.as_str());
        }
        assert!(catalog.guide(code("QQ"), Lang::Es).unwrap().is_none());
    }

    #[test]
    fn the_nearest_town_names_a_position_and_nothing_far_from_every_town() {
        let catalog = Catalog::open_default().unwrap();
        let town = catalog
            .nearest_town(LatLon::new(14.90541, -92.25891))
            .expect("Tapachula is in the gazetteer");
        assert_eq!(town.name, "Tapachula");
        assert_eq!(town.country, code("MX"));
        assert_eq!(town.admin1.as_deref(), Some("Chiapas"));
        // The middle of the Pacific is near no town.
        assert_eq!(catalog.nearest_town(LatLon::new(0.0, -120.0)), None);
    }

    #[test]
    fn briefs_counts_and_borders_are_typed() {
        let catalog = Catalog::open_default().unwrap();
        let first = &catalog.places()[0];
        assert_eq!(catalog.brief(&first.id), Some(first));
        let last = catalog.places().last().unwrap();
        assert_eq!(catalog.brief(&last.id), Some(last));
        assert_eq!(catalog.brief(&PlaceId("no such place".into())), None);
        for column in Column::ALL {
            let total: u64 = catalog.counts(column).unwrap().iter().map(|(_, n)| n).sum();
            assert_eq!(total as usize, catalog.places().len(), "{column:?}");
        }
        let curated: u64 = catalog
            .country_category_counts()
            .unwrap()
            .values()
            .flat_map(|by_category| by_category.values())
            .sum();
        assert!(curated > 0);
        for scale in [BorderScale::Medium, BorderScale::Fine] {
            let borders = catalog.borders(scale).unwrap();
            assert!(borders.iter().any(|(c, _)| *c == code("CR")), "{scale:?}");
        }
        assert!(!catalog.file_sha256().is_empty());
        assert!(catalog.quick_check().is_ok());
        assert!(catalog.manifest().coverage.places > 0);
    }
}
