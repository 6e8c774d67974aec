//! The GeoNames gazetteer: towns from the 5,000+ and 1,000+ files with their region names, and the placing of
//! town-level rows, which match a town by name or core name ("Paso Canoas" / "Canoas") only within the row's
//! region, through the reviewed region and town alias tables; plus the reviewed names a town is also searched by
//! ("Ciudad de México" for GeoNames' "Mexico City").

use super::super::diagnostics::Diagnostics;
use super::super::BundleError;
use super::countries::TargetCountryRow;
use super::csv::{read_rows, Unused};
use super::{country, parse_position, SourcePaths};
use crate::model::*;
use crate::text::match_key;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

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

/// A line of `places/towns_geonames_5000.csv` (regions as GeoNames admin1 codes).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BigTownRow {
    geonameid: String,
    name: String,
    country_iso2: String,
    admin1code: String,
    population: String,
    lat: String,
    lon: String,
    #[allow(dead_code)]
    timezone: Unused,
    #[allow(dead_code)]
    region_flag: Unused,
}

/// A line of `places/towns_geonames_1000_region.csv` (regions by name).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SmallTownRow {
    lat: String,
    lon: String,
    name: String,
    admin1: String,
    #[allow(dead_code)]
    admin2: Unused,
    cc: String,
}

/// A line of `places/region_aliases.csv`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionAliasRow {
    country: String,
    name_in_curated_sources: String,
    name_in_geonames: String,
}

/// A line of `places/town_aliases.csv`, reviewed one by one (`why` says why the names differ).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TownAliasRow {
    country: String,
    region: String,
    name_in_sources: String,
    name_in_geonames: String,
    #[allow(dead_code)]
    why: Unused,
}

/// A line of `places/town_search_names.csv`: another name a town is found by in search, taken from the
/// town's GeoNames alternate names and reviewed one by one (`why`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TownSearchNameRow {
    country: String,
    geonameid: String,
    name: String,
    #[allow(dead_code)]
    why: Unused,
}

/// Towns from both GeoNames files, with region names, plus a lookup for placing town-level rows.
pub struct Gazetteer {
    /// Every town, 5,000+ file first, then the 1,000+ rows that are not the same place.
    pub towns: Vec<Town>,
    /// Other names a town is searched by, by town id (`places/town_search_names.csv`), in file order.
    pub search_names: HashMap<String, Vec<String>>,
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
        read_rows(
            &paths.join("places/towns_geonames_5000.csv"),
            &paths.label("places/towns_geonames_5000.csv"),
            diagnostics,
            |row: BigTownRow, at, diagnostics| {
                let Some(country) = country(&row.country_iso2, &at, "country_iso2", diagnostics)
                else {
                    return;
                };
                let Some(position) = parse_position(&row.lat, &row.lon, &at, diagnostics) else {
                    return;
                };
                big.push((
                    Town {
                        id: format!("gn:{}", row.geonameid),
                        name: row.name,
                        country,
                        admin1: None,
                        population: row.population.parse().ok(),
                        position,
                    },
                    row.admin1code,
                ));
            },
        )?;
        let mut small = Vec::new();
        read_rows(
            &paths.join("places/towns_geonames_1000_region.csv"),
            &paths.label("places/towns_geonames_1000_region.csv"),
            diagnostics,
            |row: SmallTownRow, at, diagnostics| {
                let Some(country) = country(&row.cc, &at, "cc", diagnostics) else {
                    return;
                };
                let Some(position) = parse_position(&row.lat, &row.lon, &at, diagnostics) else {
                    return;
                };
                small.push(Town {
                    id: format!("gn1000:{}", small.len() + 1),
                    name: row.name,
                    country,
                    admin1: super::opt(&row.admin1),
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
        read_rows(
            &paths.join("places/region_aliases.csv"),
            &paths.label("places/region_aliases.csv"),
            diagnostics,
            |row: RegionAliasRow, at, diagnostics| {
                if let Some(code) = country(&row.country, &at, "country", diagnostics) {
                    region_aliases.insert(
                        (code, region_key(&row.name_in_curated_sources)),
                        region_key(&row.name_in_geonames),
                    );
                }
            },
        )?;
        let mut town_aliases = HashMap::new();
        read_rows(
            &paths.join("places/town_aliases.csv"),
            &paths.label("places/town_aliases.csv"),
            diagnostics,
            |row: TownAliasRow, at, diagnostics| {
                if let Some(code) = country(&row.country, &at, "country", diagnostics) {
                    town_aliases.insert(
                        (
                            code,
                            region_key(&row.region),
                            match_key(&row.name_in_sources),
                        ),
                        row.name_in_geonames,
                    );
                }
            },
        )?;
        let mut search_names: HashMap<String, Vec<String>> = HashMap::new();
        read_rows(
            &paths.join("places/town_search_names.csv"),
            &paths.label("places/town_search_names.csv"),
            diagnostics,
            |row: TownSearchNameRow, at, diagnostics| {
                let Some(code) = country(&row.country, &at, "country", diagnostics) else {
                    return;
                };
                let Some(&index) = by_geonameid.get(row.geonameid.trim()) else {
                    diagnostics.error(
                        &at,
                        Some("geonameid"),
                        format!(
                            "no town with GeoNames id `{}` in `places/towns_geonames_5000.csv`",
                            row.geonameid
                        ),
                        Some("the id of a town in the 5,000+ file"),
                    );
                    return;
                };
                let town = &towns[index];
                if town.country != code {
                    diagnostics.error(
                        &at,
                        Some("country"),
                        format!(
                            "GeoNames id `{}` is {} in {}, not in {}",
                            row.geonameid,
                            town.name,
                            town.country.as_str(),
                            code.as_str()
                        ),
                        Some("the town's own country"),
                    );
                    return;
                }
                let name = row.name.trim();
                if name.is_empty() || match_key(name) == match_key(&town.name) {
                    diagnostics.error(
                        &at,
                        Some("name"),
                        format!("`{name}` adds nothing to the GeoNames name `{}`", town.name),
                        Some("a name that differs from the town's GeoNames name"),
                    );
                    return;
                }
                search_names
                    .entry(town.id.clone())
                    .or_default()
                    .push(name.to_string());
            },
        )?;
        let mut capitals = HashMap::new();
        read_rows(
            &paths.join("countries/country_names_target.csv"),
            &paths.label("countries/country_names_target.csv"),
            diagnostics,
            |row: TargetCountryRow, _, _| {
                if let (Some(code), Some(capital)) =
                    (CountryCode::parse(&row.iso2), super::opt(&row.capital))
                {
                    capitals.insert(code, match_key(&capital));
                }
            },
        )?;
        Ok(Self {
            towns,
            search_names,
            region_aliases,
            town_aliases,
            capitals,
            by_name,
            by_core_name,
            by_geonameid,
            reviewed: HashMap::new(),
        })
    }

    /// The titles a town is found by in search: its GeoNames name, then its reviewed other names, e.g.
    /// "Mexico City", "Ciudad de México". Each is a search row of its own, so a short name that matches what
    /// was typed ranks as well as any other town's name.
    pub fn search_titles<'a>(&'a self, town: &'a Town) -> impl Iterator<Item = &'a str> {
        std::iter::once(town.name.as_str()).chain(
            self.search_names
                .get(&town.id)
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A sources tree with every file the gazetteer reads, each with its real header and no rows, except the
    /// `(path, text)` pairs given.
    pub(crate) fn gazetteer_sources(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let empty = [
            (
                "places/towns_geonames_5000.csv",
                "geonameid,name,country_iso2,admin1code,population,lat,lon,timezone,region_flag\n",
            ),
            (
                "places/towns_geonames_1000_region.csv",
                "lat,lon,name,admin1,admin2,cc\n",
            ),
            (
                "places/region_aliases.csv",
                "country,name_in_curated_sources,name_in_geonames\n",
            ),
            (
                "places/town_aliases.csv",
                "country,region,name_in_sources,name_in_geonames,why\n",
            ),
            ("places/town_search_names.csv", "country,geonameid,name,why\n"),
            (
                "countries/country_names_target.csv",
                "iso2,iso3,iso_numeric,role,name_en,name_es,name_fr,common_en,common_es,common_fr,official_en,official_es,official_fr,alt_names_en,alt_names_es,alt_names_fr,capital,lat,lon,calling_codes,currencies,languages,borders,demonym_en_m,demonym_fr_m,demonym_fr_f,flag_emoji\n",
            ),
        ];
        for (relative, text) in empty.iter().chain(files) {
            let path = dir.path().join(relative);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
            std::fs::write(path, text).expect("write");
        }
        dir
    }

    #[test]
    fn a_town_is_also_searched_by_its_reviewed_names_and_bad_rows_are_refused_at_their_line() {
        let dir = gazetteer_sources(&[
            (
                "places/towns_geonames_5000.csv",
                "geonameid,name,country_iso2,admin1code,population,lat,lon,timezone,region_flag\n\
                 3530597,Mexico City,MX,09,12294193,19.42847,-99.12766,America/Mexico_City,core\n\
                 3598132,Guatemala City,GT,07,994938,14.64072,-90.51327,America/Guatemala,core\n",
            ),
            (
                "places/town_search_names.csv",
                "country,geonameid,name,why\n\
                 MX,3530597,Ciudad de México,test\n\
                 MX,999,Nowhere,test\n\
                 MX,3598132,Ciudad de Guatemala,test\n\
                 GT,3598132,guatemala city,test\n",
            ),
        ]);
        let mut diagnostics = Diagnostics::default();
        let gazetteer =
            Gazetteer::read(&SourcePaths::new(dir.path()), &mut diagnostics).expect("read");
        let mexico = gazetteer
            .towns
            .iter()
            .find(|t| t.id == "gn:3530597")
            .expect("Mexico City");
        assert_eq!(
            gazetteer.search_titles(mexico).collect::<Vec<_>>(),
            ["Mexico City", "Ciudad de México"]
        );
        let guatemala = gazetteer
            .towns
            .iter()
            .find(|t| t.id == "gn:3598132")
            .expect("Guatemala City");
        assert_eq!(
            gazetteer.search_titles(guatemala).collect::<Vec<_>>(),
            ["Guatemala City"]
        );
        let refused: Vec<(Option<u64>, Option<&str>)> = diagnostics
            .items()
            .iter()
            .map(|d| (d.line, d.field.as_deref()))
            .collect();
        assert_eq!(
            refused,
            [
                (Some(3), Some("geonameid")),
                (Some(4), Some("country")),
                (Some(5), Some("name"))
            ],
            "{diagnostics}"
        );
        assert!(diagnostics
            .items()
            .iter()
            .all(|d| d.file.ends_with("places/town_search_names.csv")));
    }

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
