//! Readers for the staged default sources in `data/sources/`: Wikidata points, the GeoNames gazetteer that
//! places town-level rows (by name *and* region), countries, the visa matrix and Natural Earth borders.
//! Curated route points are read by `bundle::import::curated`.

use super::diagnostics::{Diagnostics, Location};
use super::licence::{gate, LicenceDecision};
use super::BundleError;
use crate::model::*;
use crate::text::{extract_phone_numbers, match_key};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A place read from an input, with where it came from.
#[derive(Debug, Clone)]
pub struct ImportedPlace {
    /// The place.
    pub place: Place,
    /// Its file and line.
    pub at: Location,
}

/// A row the licence gate kept out.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// The file.
    pub file: String,
    /// The row's id.
    pub id: String,
    /// The licence text.
    pub licence: String,
    /// Why it was refused.
    pub reason: String,
}

/// A populated place for search and for placing town-level points.
#[derive(Debug, Clone, PartialEq)]
pub struct Town {
    /// `gn:<geonameid>` or `gn1000:<row>`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Country.
    pub country: CountryCode,
    /// Region name (state, department, province), when known.
    pub admin1: Option<String>,
    /// Population, when known.
    pub population: Option<u64>,
    /// Centroid.
    pub position: LatLon,
}

/// A country's names and calling codes.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO2.
    pub code: CountryCode,
    /// Names.
    pub name_es: String,
    /// Names.
    pub name_en: String,
    /// Names.
    pub name_fr: String,
    /// e.g. `+506`.
    pub calling_codes: Option<String>,
}

/// One cell of the visa matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct VisaRule {
    /// Passport.
    pub passport: CountryCode,
    /// Destination.
    pub destination: CountryCode,
    /// `visa free`, `visa required`, a number of days, …
    pub requirement: String,
}

/// A country's border geometry at one scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Border {
    /// Country.
    pub country: CountryCode,
    /// `50m` (map) or `10m` (point in country).
    pub scale: &'static str,
    /// GeoJSON geometry text.
    pub geometry: String,
}

/// A dataset's credit line, from `sources.json` or `bundle.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Id.
    pub id: String,
    /// What it is.
    pub name: String,
    /// Licence id.
    pub licence: String,
    /// Attribution line.
    pub attribution: String,
    /// Origin.
    pub origin: String,
}

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> BundleError + '_ {
    move |source| BundleError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Reads a file relative to the sources root.
pub fn read_text(path: &Path) -> Result<String, BundleError> {
    std::fs::read_to_string(path).map_err(io_error(path))
}

fn csv_reader(path: &Path) -> Result<csv::Reader<std::fs::File>, BundleError> {
    let file = std::fs::File::open(path).map_err(io_error(path))?;
    Ok(csv::ReaderBuilder::new().flexible(false).from_reader(file))
}

/// A CSV row addressed by column name.
pub struct Row<'a> {
    headers: &'a HashMap<String, usize>,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The trimmed value, or "" when the column is absent.
    pub fn get(&self, column: &str) -> &str {
        self.headers
            .get(column)
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// The value, or `None` when empty.
    pub fn opt(&self, column: &str) -> Option<String> {
        Some(self.get(column))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }
}

/// Reads every row of a CSV with headers, calling `each(row, location)`. Malformed rows become errors.
pub fn for_each_row(
    path: &Path,
    label: &str,
    diagnostics: &mut Diagnostics,
    mut each: impl FnMut(&Row, Location, &mut Diagnostics),
) -> Result<(), BundleError> {
    let mut reader = csv_reader(path)?;
    let headers: HashMap<String, usize> = reader
        .headers()
        .map_err(|e| csv_io(path, e))?
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().trim_start_matches('\u{feff}').to_string(), i))
        .collect();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map(|p| p.line()).unwrap_or(0);
                let row = Row {
                    headers: &headers,
                    record: &record,
                };
                each(&row, Location::line(label, line), diagnostics);
            }
            Err(error) => {
                let line = error.position().map(|p| p.line()).unwrap_or(0);
                diagnostics.error(
                    &Location::line(label, line),
                    None,
                    format!("malformed CSV: {error}"),
                    None,
                );
            }
        }
    }
    Ok(())
}

fn csv_io(path: &Path, error: csv::Error) -> BundleError {
    BundleError::Io {
        path: path.display().to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, error.to_string()),
    }
}

/// Where each default source lives under the sources root (`data/sources`).
pub struct SourcePaths {
    root: PathBuf,
}

impl SourcePaths {
    /// The sources root.
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
        }
    }
    /// A path under the root.
    pub fn join(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }
    /// The label used in diagnostics.
    pub fn label(&self, relative: &str) -> String {
        format!("sources/{relative}")
    }
}

/// Reads the dataset credits from `sources.json`.
pub fn read_datasets(paths: &SourcePaths) -> Result<Vec<Dataset>, BundleError> {
    #[derive(serde::Deserialize)]
    struct SourcesJson {
        sources: Vec<serde_json::Value>,
    }
    let path = paths.join("sources.json");
    let parsed: SourcesJson = serde_json::from_str(&read_text(&path)?)
        .map_err(|e| BundleError::ManifestInvalid(format!("{}: {e}", path.display())))?;
    let text = |v: &serde_json::Value, key: &str| {
        v.get(key)
            .and_then(|x| x.as_str())
            .unwrap_or("")
            .to_string()
    };
    Ok(parsed
        .sources
        .iter()
        .map(|source| Dataset {
            id: text(source, "id"),
            name: text(source, "what"),
            licence: text(source, "licence"),
            attribution: text(source, "attribution"),
            origin: text(source, "origin"),
        })
        .collect())
}

/// Which `sources.json` dataset a `pois_all.csv` row belongs to.
fn pois_dataset(source: &str) -> &'static str {
    if source.contains("database-of-embassies") {
        "wd_embassies"
    } else if source.contains("sdm-test-data") {
        "wd_hospitals"
    } else if source.contains("dala_hnd") {
        "hn_sesal"
    } else if source.contains("proyecto2-sig") {
        "cr_ign"
    } else {
        "pois_other"
    }
}

pub(crate) fn parse_position(
    lat: &str,
    lon: &str,
    at: &Location,
    diagnostics: &mut Diagnostics,
) -> Option<LatLon> {
    if lat.is_empty() && lon.is_empty() {
        return None;
    }
    match (lat.parse::<f64>(), lon.parse::<f64>()) {
        (Ok(lat), Ok(lon)) => Some(LatLon::new(lat, lon)),
        _ => {
            diagnostics.error(
                at,
                Some("lat"),
                format!("coordinates {lat:?},{lon:?} are not numbers"),
                Some("decimal degrees such as 14.9054,-92.2589"),
            );
            None
        }
    }
}

pub(crate) fn country(
    code: &str,
    at: &Location,
    field: &str,
    diagnostics: &mut Diagnostics,
) -> Option<CountryCode> {
    let parsed = CountryCode::parse(code);
    if parsed.is_none() {
        diagnostics.error(
            at,
            Some(field),
            format!("{code:?} is not a country code"),
            Some("ISO 3166-1 alpha-2, e.g. CR"),
        );
    }
    parsed
}

/// Reads `pois/pois_all.csv`: Wikidata hospitals and missions; rows the licence gate refuses are returned apart.
pub fn read_pois(
    paths: &SourcePaths,
    diagnostics: &mut Diagnostics,
) -> Result<(Vec<ImportedPlace>, Vec<Refusal>), BundleError> {
    let relative = "pois/pois_all.csv";
    let label = paths.label(relative);
    let mut places = Vec::new();
    let mut refused = Vec::new();
    for_each_row(
        &paths.join(relative),
        &label,
        diagnostics,
        |row, at, diagnostics| {
            let licence = match gate(row.get("licence"), Some(row.get("bundle_status"))) {
                LicenceDecision::Allowed(licence) => licence,
                LicenceDecision::Refused { licence, reason } => {
                    refused.push(Refusal {
                        file: label.clone(),
                        id: row.get("id").to_string(),
                        licence,
                        reason,
                    });
                    return;
                }
            };
            let category = match row.get("category") {
                "health" => Category::Health,
                "consulate_embassy" => Category::Consulate,
                other => match other.parse::<Category>() {
                    Ok(category) => category,
                    Err(why) => {
                        diagnostics.error(&at, Some("category"), why, None);
                        return;
                    }
                },
            };
            let Some(country) = country(row.get("country_iso2"), &at, "country_iso2", diagnostics)
            else {
                return;
            };
            let position = parse_position(row.get("lat"), row.get("lon"), &at, diagnostics);
            let phone_text = row.opt("phone");
            places.push(ImportedPlace {
                place: Place {
                    id: PlaceId(row.get("id").to_string()),
                    category,
                    subcategory: row.opt("subcategory"),
                    names: LocalizedNames {
                        name: row.get("name").to_string(),
                        es: row.opt("name_es"),
                        en: row.opt("name_en"),
                        fr: row.opt("name_fr"),
                    },
                    country,
                    admin1: row.opt("admin1"),
                    town: row.opt("city"),
                    address: row.opt("address"),
                    position,
                    precision: if position.is_some() {
                        LocationPrecision::Exact
                    } else {
                        LocationPrecision::None
                    },
                    phones: phone_text
                        .as_deref()
                        .map(extract_phone_numbers)
                        .unwrap_or_default(),
                    phone_text,
                    email: row.opt("email"),
                    website: row.opt("website"),
                    opening_hours: row.opt("opening_hours"),
                    serves: Vec::new(),
                    serves_text: LocalizedText::default(),
                    services: LocalizedText::default(),
                    status: PlaceStatus::Unknown,
                    verification: Verification::Unverified,
                    last_checked: None,
                    verified_by: None,
                    desk_check: None,
                    provenance: Provenance {
                        dataset: pois_dataset(row.get("source")).to_string(),
                        url: row
                            .opt("wikidata")
                            .map(|q| format!("https://www.wikidata.org/wiki/{q}")),
                        title: None,
                        date: row.opt("source_date"),
                        licence: licence.to_string(),
                        evidence: None,
                        evidence_lang: None,
                    },
                    // The Wikidata extract's notes are editors' QA notes (duplicates, label rules), not shown.
                    notes: LocalizedText::default(),
                    operator_country: CountryCode::parse(row.get("operator_iso2")),
                },
                at,
            });
        },
    )?;
    Ok((places, refused))
}

/// Towns from both GeoNames files, with region names, plus a lookup for placing town-level rows.
pub struct Gazetteer {
    /// Every town, 5,000+ file first, then the 1,000+ rows that are not the same place.
    pub towns: Vec<Town>,
    /// Region names that differ between sources: (country, region key) → GeoNames region key.
    region_aliases: HashMap<(CountryCode, String), String>,
    /// Town names that differ between sources, reviewed one by one: (country, region key, name key) → the
    /// GeoNames name (`places/town_aliases.csv`).
    town_aliases: HashMap<(CountryCode, String, String), String>,
    /// Each country's capital (from the country data), as a match key.
    capitals: HashMap<CountryCode, String>,
    by_name: NameIndex,
    /// The same towns under their core name (see [`core_name`]): "Paso Canoas" finds "Canoas".
    by_core_name: NameIndex,
    by_geonameid: HashMap<String, usize>,
    /// Reviewed centres of villages that GeoNames lacks (`import::town_positions`): (country, region key,
    /// name key) → town.
    reviewed: HashMap<(CountryCode, String, String), Town>,
}

/// Towns by (country, name key): indexes into `Gazetteer::towns`.
type NameIndex = HashMap<(CountryCode, String), Vec<usize>>;

/// A name index with the function that makes its keys.
type KeyedIndex<'a> = (&'a NameIndex, fn(&str) -> String);

/// Leading words that sources add to or drop from a village's name: articles, and generic words such as
/// "Paso", "Ciudad", "Puerto", "Aldea". What is left is the name's core, used as a second key.
const GENERIC_NAME_WORDS: [&str; 16] = [
    "el",
    "la",
    "los",
    "las",
    "paso",
    "ciudad",
    "puerto",
    "villa",
    "aldea",
    "caserio",
    "comunidad",
    "barrio",
    "colonia",
    "frontera",
    "heroica",
    "estacion",
];

/// A town name without its leading articles and generic words, e.g. "Paso Canoas" → "canoas",
/// "La Ciudad de Tecún Umán" → "tecun uman". Returns the match key itself when nothing is left.
pub fn core_name(name: &str) -> String {
    let key = match_key(name);
    let mut words: Vec<&str> = key.split(' ').collect();
    while words.len() > 1 && (GENERIC_NAME_WORDS.contains(&words[0]) || words[0] == "de") {
        words.remove(0);
    }
    words.join(" ")
}

/// Strips words that differ between sources for the same region ("Departamento de", "Provincia de").
fn region_key(admin1: &str) -> String {
    let key = match_key(admin1);
    let mut key = key.as_str();
    for prefix in [
        "departamento de ",
        "departamento del ",
        "provincia de ",
        "estado de ",
        "district of ",
    ] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest;
        }
    }
    key.trim_end_matches(" district").to_string()
}

/// How a town-level row was placed.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// At this town.
    AtTown(Town),
    /// No town with this name in this region: no coordinates.
    NotFound,
    /// The row names no region, so a name match alone would be a guess.
    NoRegion,
}

impl Gazetteer {
    /// Reads `places/towns_geonames_5000.csv` and `places/towns_geonames_1000_region.csv`.
    /// The 5,000+ file gives regions as GeoNames codes; their names are learned from the 1,000+ file, where the
    /// same town appears with its region name.
    pub fn read(paths: &SourcePaths, diagnostics: &mut Diagnostics) -> Result<Self, BundleError> {
        let mut big = Vec::new();
        for_each_row(
            &paths.join("places/towns_geonames_5000.csv"),
            &paths.label("places/towns_geonames_5000.csv"),
            diagnostics,
            |row, at, diagnostics| {
                let Some(country) =
                    country(row.get("country_iso2"), &at, "country_iso2", diagnostics)
                else {
                    return;
                };
                let Some(position) =
                    parse_position(row.get("lat"), row.get("lon"), &at, diagnostics)
                else {
                    return;
                };
                big.push((
                    Town {
                        id: format!("gn:{}", row.get("geonameid")),
                        name: row.get("name").to_string(),
                        country,
                        admin1: None,
                        population: row.get("population").parse().ok(),
                        position,
                    },
                    row.get("admin1code").to_string(),
                ));
            },
        )?;
        let mut small = Vec::new();
        for_each_row(
            &paths.join("places/towns_geonames_1000_region.csv"),
            &paths.label("places/towns_geonames_1000_region.csv"),
            diagnostics,
            |row, at, diagnostics| {
                let Some(country) = country(row.get("cc"), &at, "cc", diagnostics) else {
                    return;
                };
                let Some(position) =
                    parse_position(row.get("lat"), row.get("lon"), &at, diagnostics)
                else {
                    return;
                };
                small.push(Town {
                    id: format!("gn1000:{}", small.len() + 1),
                    name: row.get("name").to_string(),
                    country,
                    admin1: row.opt("admin1"),
                    population: None,
                    position,
                });
            },
        )?;
        // Learn region names for GeoNames admin1 codes: the same town (name, within 5 km) in both files.
        let mut small_by_name: HashMap<(CountryCode, String), Vec<&Town>> = HashMap::new();
        for town in &small {
            small_by_name
                .entry((town.country, match_key(&town.name)))
                .or_default()
                .push(town);
        }
        let mut votes: HashMap<(CountryCode, String), BTreeMap<String, usize>> = HashMap::new();
        for (town, code) in &big {
            for other in small_by_name
                .get(&(town.country, match_key(&town.name)))
                .into_iter()
                .flatten()
            {
                if crate::spatial::distance_m(town.position, other.position) < 5_000.0 {
                    if let Some(admin1) = &other.admin1 {
                        *votes
                            .entry((town.country, code.clone()))
                            .or_default()
                            .entry(admin1.clone())
                            .or_default() += 1;
                    }
                }
            }
        }
        let region_names: HashMap<(CountryCode, String), String> = votes
            .into_iter()
            .filter_map(|(key, names)| {
                names
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|(name, _)| (key, name))
            })
            .collect();
        let mut towns: Vec<Town> = big
            .into_iter()
            .map(|(mut town, code)| {
                town.admin1 = region_names.get(&(town.country, code)).cloned();
                town
            })
            .collect();
        let mut big_by_name: HashMap<(CountryCode, String), Vec<LatLon>> = HashMap::new();
        for town in &towns {
            big_by_name
                .entry((town.country, match_key(&town.name)))
                .or_default()
                .push(town.position);
        }
        for town in small {
            let duplicate = big_by_name
                .get(&(town.country, match_key(&town.name)))
                .is_some_and(|known| {
                    known
                        .iter()
                        .any(|p| crate::spatial::distance_m(*p, town.position) < 5_000.0)
                });
            if !duplicate {
                towns.push(town);
            }
        }
        let mut by_name: HashMap<(CountryCode, String), Vec<usize>> = HashMap::new();
        let mut by_core_name: HashMap<(CountryCode, String), Vec<usize>> = HashMap::new();
        let mut by_geonameid = HashMap::new();
        for (index, town) in towns.iter().enumerate() {
            by_name
                .entry((town.country, match_key(&town.name)))
                .or_default()
                .push(index);
            by_core_name
                .entry((town.country, core_name(&town.name)))
                .or_default()
                .push(index);
            if let Some(id) = town.id.strip_prefix("gn:") {
                by_geonameid.insert(id.to_string(), index);
            }
        }
        let mut region_aliases = HashMap::new();
        for_each_row(
            &paths.join("places/region_aliases.csv"),
            &paths.label("places/region_aliases.csv"),
            diagnostics,
            |row, at, diagnostics| {
                if let Some(code) = country(row.get("country"), &at, "country", diagnostics) {
                    region_aliases.insert(
                        (code, region_key(row.get("name_in_curated_sources"))),
                        region_key(row.get("name_in_geonames")),
                    );
                }
            },
        )?;
        let mut town_aliases = HashMap::new();
        for_each_row(
            &paths.join("places/town_aliases.csv"),
            &paths.label("places/town_aliases.csv"),
            diagnostics,
            |row, at, diagnostics| {
                if let Some(code) = country(row.get("country"), &at, "country", diagnostics) {
                    town_aliases.insert(
                        (
                            code,
                            region_key(row.get("region")),
                            match_key(row.get("name_in_sources")),
                        ),
                        row.get("name_in_geonames").to_string(),
                    );
                }
            },
        )?;
        let mut capitals = HashMap::new();
        for_each_row(
            &paths.join("countries/country_names_target.csv"),
            &paths.label("countries/country_names_target.csv"),
            diagnostics,
            |row, _, _| {
                if let (Some(code), Some(capital)) =
                    (CountryCode::parse(row.get("iso2")), row.opt("capital"))
                {
                    capitals.insert(code, match_key(&capital));
                }
            },
        )?;
        Ok(Self {
            towns,
            region_aliases,
            town_aliases,
            capitals,
            by_name,
            by_core_name,
            by_geonameid,
            reviewed: HashMap::new(),
        })
    }

    /// Adds a reviewed village centre, matched by its exact name and region; false if that town is already
    /// there.
    pub fn add_reviewed(&mut self, town: Town) -> bool {
        let region = town.admin1.as_deref().map(region_key).unwrap_or_default();
        let region = self
            .region_aliases
            .get(&(town.country, region.clone()))
            .cloned()
            .unwrap_or(region);
        let key = (town.country, region, match_key(&town.name));
        if self.reviewed.contains_key(&key) {
            return false;
        }
        self.reviewed.insert(key, town);
        true
    }

    /// Places a town-level row: the town must match on name *and* region, never on name alone.
    /// A reviewed GeoNames id (`town_geonameid`) is used when its region agrees with the row's; then the
    /// reviewed aliases, the reviewed village centres ([`Gazetteer::add_reviewed`]) and the GeoNames names.
    /// A row with no region may still name its country's capital, which is unique: it goes to the most
    /// populous town of that name.
    pub fn place(
        &self,
        country: CountryCode,
        town: &str,
        admin1: &str,
        geonameid: &str,
    ) -> Placement {
        if admin1.trim().is_empty() {
            if self.capitals.get(&country) != Some(&match_key(town)) {
                return Placement::NoRegion;
            }
            return self
                .by_name
                .get(&(country, match_key(town)))
                .into_iter()
                .flatten()
                .map(|&i| &self.towns[i])
                .max_by_key(|t| t.population.unwrap_or(0))
                .map(|t| Placement::AtTown(t.clone()))
                .unwrap_or(Placement::NotFound);
        }
        let region = region_key(admin1);
        let region = self
            .region_aliases
            .get(&(country, region.clone()))
            .cloned()
            .unwrap_or(region);
        let same_region =
            |t: &Town| t.admin1.as_deref().map(region_key).as_deref() == Some(region.as_str());
        if let Some(&index) = self.by_geonameid.get(geonameid.trim()) {
            let town = &self.towns[index];
            if town.country == country && same_region(town) {
                return Placement::AtTown(town.clone());
            }
        }
        let town = self
            .town_aliases
            .get(&(country, region.clone(), match_key(town)))
            .map(String::as_str)
            .unwrap_or(town);
        let mut names = vec![town.to_string()];
        if let Some((before, _)) = town.split_once('(') {
            names.push(before.to_string());
        }
        // A reviewed village centre (same name, same region) first.
        for name in &names {
            if let Some(town) = self
                .reviewed
                .get(&(country, region.clone(), match_key(name)))
            {
                return Placement::AtTown(town.clone());
            }
        }
        // Exact names first; then core names ("Paso Canoas" / "Canoas"), still in the same region.
        let keyed: [KeyedIndex; 2] = [(&self.by_name, match_key), (&self.by_core_name, core_name)];
        for (index, key_of) in keyed {
            for name in &names {
                let candidates: Vec<&Town> = index
                    .get(&(country, key_of(name)))
                    .into_iter()
                    .flatten()
                    .map(|&i| &self.towns[i])
                    .filter(|t| same_region(t))
                    .collect();
                if let Some(first) = candidates.first() {
                    // Several rows for one place are fine if they agree; far-apart namesakes in one region
                    // are not.
                    if candidates
                        .iter()
                        .all(|t| crate::spatial::distance_m(t.position, first.position) < 10_000.0)
                    {
                        return Placement::AtTown((*first).clone());
                    }
                    return Placement::NotFound;
                }
            }
        }
        Placement::NotFound
    }
}

/// Reads country names (all ISO codes, MIT) and calling codes (target countries, ODbL).
pub fn read_countries(
    paths: &SourcePaths,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Country>, BundleError> {
    let mut calling: HashMap<CountryCode, String> = HashMap::new();
    for_each_row(
        &paths.join("countries/country_names_target.csv"),
        &paths.label("countries/country_names_target.csv"),
        diagnostics,
        |row, _, _| {
            if let (Some(code), Some(codes)) = (
                CountryCode::parse(row.get("iso2")),
                row.opt("calling_codes"),
            ) {
                calling.insert(code, codes.replace('|', ", "));
            }
        },
    )?;
    let mut countries = Vec::new();
    for_each_row(
        &paths.join("countries/country_names_all.csv"),
        &paths.label("countries/country_names_all.csv"),
        diagnostics,
        |row, at, diagnostics| {
            let Some(code) = country(row.get("iso2"), &at, "iso2", diagnostics) else {
                return;
            };
            countries.push(Country {
                code,
                name_es: row.get("name_es").to_string(),
                name_en: row.get("name_en").to_string(),
                name_fr: row.get("name_fr").to_string(),
                calling_codes: calling.get(&code).cloned(),
            });
        },
    )?;
    countries.sort_by_key(|c| c.code);
    Ok(countries)
}

/// Reads the visa matrix for journeys *to* the route countries.
pub fn read_visas(
    paths: &SourcePaths,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<VisaRule>, BundleError> {
    let relative = "visa-requirements/passport-index-tidy-iso2.csv";
    let mut rules = Vec::new();
    for_each_row(
        &paths.join(relative),
        &paths.label(relative),
        diagnostics,
        |row, at, diagnostics| {
            let destination = row.get("Destination");
            if !ROUTE_COUNTRIES.contains(&destination) {
                return;
            }
            let (Some(passport), Some(destination)) = (
                country(row.get("Passport"), &at, "Passport", diagnostics),
                country(destination, &at, "Destination", diagnostics),
            ) else {
                return;
            };
            rules.push(VisaRule {
                passport,
                destination,
                requirement: row.get("Requirement").to_string(),
            });
        },
    )?;
    rules.sort_by_key(|r| (r.destination, r.passport));
    Ok(rules)
}

/// Reads the Natural Earth borders at both scales.
pub fn read_borders(
    paths: &SourcePaths,
    diagnostics: &mut Diagnostics,
) -> Result<Vec<Border>, BundleError> {
    let mut borders = Vec::new();
    for (scale, relative) in [
        ("50m", "boundaries/countries_mesoamerica_50m.geojson"),
        ("10m", "boundaries/countries_mesoamerica_10m.geojson"),
    ] {
        let label = paths.label(relative);
        let collection: serde_json::Value =
            serde_json::from_str(&read_text(&paths.join(relative))?)
                .map_err(|e| BundleError::ManifestInvalid(format!("{label}: not GeoJSON: {e}")))?;
        let features = collection
            .get("features")
            .and_then(|f| f.as_array())
            .cloned()
            .unwrap_or_default();
        for (index, feature) in features.iter().enumerate() {
            let code = feature
                .pointer("/properties/iso_a2")
                .and_then(|v| v.as_str())
                .and_then(CountryCode::parse);
            let Some(code) = code else { continue };
            let Some(geometry) = feature.get("geometry").filter(|g| !g.is_null()) else {
                diagnostics.error(
                    &Location::feature(&label, index as u64),
                    Some("geometry"),
                    "no geometry",
                    None,
                );
                continue;
            };
            borders.push(Border {
                country: code,
                scale,
                geometry: geometry.to_string(),
            });
        }
    }
    borders.sort_by(|a, b| (a.scale, a.country).cmp(&(b.scale, b.country)));
    Ok(borders)
}

/// Turns a GeoJSON geometry (Polygon or MultiPolygon) into a `geo` shape.
pub fn geometry_to_multipolygon(geometry: &str) -> Option<geo::MultiPolygon<f64>> {
    let geometry: geojson::Geometry = geometry.parse().ok()?;
    let shape: geo::Geometry<f64> = geometry.try_into().ok()?;
    match shape {
        geo::Geometry::Polygon(polygon) => Some(geo::MultiPolygon(vec![polygon])),
        geo::Geometry::MultiPolygon(multi) => Some(multi),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn town_names_lose_articles_and_generic_words() {
        assert_eq!(core_name("Paso Canoas"), "canoas");
        assert_eq!(core_name("La Ciudad de Tecún Umán"), "tecun uman");
        assert_eq!(core_name("El Ceibo"), "ceibo");
        assert_eq!(core_name("La Paz"), "paz");
        assert_eq!(core_name("Paso"), "paso");
    }

    #[test]
    fn region_names_lose_their_generic_words() {
        assert_eq!(region_key("Departamento de Chiquimula"), "chiquimula");
        assert_eq!(region_key("Limón"), "limon");
    }
}
