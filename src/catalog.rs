//! The query service the app and the CLI share: a verified content store plus the R-tree of its places and
//! the country polygons. Screens and commands ask it "what is near", "find this", "which country"; they never
//! see SQL.

use crate::bundle::{TrustedKeys, VerifiedBundle};
use crate::model::*;
use crate::spatial::{CountryLocator, PlaceIndex};
pub use crate::store::content::{
    CountryInfo, PlaceBrief, SearchHit, SearchTarget, TownInfo, VisaLine,
};
use crate::store::{ContentStore, Limits, StoreError};

/// The default bundle built from `data/` by `paso-data build`, embedded in every binary.
pub const DEFAULT_BUNDLE: &[u8] = include_bytes!("../data/default.paso");

// `DEFAULT_BUNDLE_SHA256`: the sha256 of `data/default.paso`, computed by `build.rs` when this binary was built.
include!(concat!(env!("OUT_DIR"), "/default_bundle_sha256.rs"));

/// Verifies the embedded default bundle by the hash pinned at build time (no publisher key needed).
pub fn verify_embedded() -> Result<crate::bundle::VerifiedBundle, crate::bundle::BundleError> {
    crate::bundle::format::verify_pinned(DEFAULT_BUNDLE, DEFAULT_BUNDLE_SHA256)
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

    fn keeps(&self, place: &PlaceBrief) -> bool {
        (self.categories.is_empty() || self.categories.contains(&place.category))
            && (self.serves.is_empty() || self.serves.iter().any(|g| place.serves.contains(g)))
            && (self.include_closed || !place.status.is_closed())
            && (self.include_approximate || place.precision != LocationPrecision::Town)
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

/// A verified bundle, ready to answer questions.
pub struct Catalog {
    store: ContentStore,
    places: Vec<PlaceBrief>,
    /// `mapped[i]` is the index in `places` of the i-th point in the R-tree.
    mapped: Vec<u32>,
    index: PlaceIndex,
    /// Built on the first "which country" question: parsing the 1:10m borders is a sixth of a cold start.
    locator: std::cell::OnceCell<CountryLocator>,
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
        let store = ContentStore::open_verified(bundle, verified, limits)?;
        let places = store.briefs()?;
        let mut mapped = Vec::new();
        let mut positions = Vec::new();
        for (i, place) in places.iter().enumerate() {
            if let Some(position) = place.position.filter(|_| place.is_mappable()) {
                mapped.push(i as u32);
                positions.push(position);
            }
        }
        let index = PlaceIndex::new(positions);
        Ok(Self {
            store,
            places,
            mapped,
            index,
            locator: std::cell::OnceCell::new(),
        })
    }

    fn locator(&self) -> &CountryLocator {
        self.locator.get_or_init(|| {
            let borders = self.store.borders("10m").unwrap_or_else(|error| {
                log::warn!("country borders unreadable ({error}); no country lookups");
                Vec::new()
            });
            CountryLocator::new(
                borders
                    .into_iter()
                    .filter_map(|(code, geometry)| {
                        crate::bundle::sources::geometry_to_multipolygon(&geometry)
                            .map(|g| (code, g))
                    })
                    .collect(),
            )
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

    /// Every place, compact, ordered by id.
    pub fn places(&self) -> &[PlaceBrief] {
        &self.places
    }

    /// The nearest places that pass the query's filters: open ones first, nearest first, then the closed ones
    /// (kept as a warning), nearest first. Each says whether it lies in another country than `query.origin`.
    pub fn near(&self, query: &NearQuery) -> Vec<Nearby> {
        let hits = self
            .index
            .nearest(query.origin, query.limit, query.radius_m, |i| {
                self.keeps(query, i)
            });
        let origin_country = if hits.is_empty() {
            None
        } else {
            self.country_at(query.origin)
        };
        let mut found: Vec<Nearby> = hits
            .into_iter()
            .map(|hit| {
                let place = self.places[self.mapped[hit.index as usize] as usize].clone();
                Nearby {
                    across_border: origin_country.is_some_and(|c| c != place.country),
                    place,
                    distance_m: hit.distance_m,
                    bearing_deg: hit.bearing_deg,
                }
            })
            .collect();
        // Stable: distance order is kept inside each group.
        found.sort_by_key(|n| n.place.status.is_closed());
        found
    }

    fn keeps(&self, query: &NearQuery, indexed: u32) -> bool {
        query.keeps(&self.places[self.mapped[indexed as usize] as usize])
    }

    /// Places in a country matching a category (mapped or not), by name.
    pub fn in_country(&self, country: CountryCode, category: Option<Category>) -> Vec<&PlaceBrief> {
        let mut found: Vec<&PlaceBrief> = self
            .places
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
        self.places
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
        self.index
            .in_box(south_west, north_east)
            .into_iter()
            .map(|i| &self.places[self.mapped[i as usize] as usize])
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

    /// Which country a point is in.
    pub fn country_at(&self, position: LatLon) -> Option<CountryCode> {
        self.locator().country_at(position)
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

    /// Every town with its population, most populous first (ties by id), for the map's labels; towns the
    /// gazetteer gives no population come last, with 0.
    pub fn towns_by_population(&self) -> Result<Vec<(TownInfo, u64)>, StoreError> {
        self.store.towns_by_population()
    }
}
