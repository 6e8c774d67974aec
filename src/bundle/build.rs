//! The bundle builder: reads every input, validates it, applies the licence gate, writes the content
//! database deterministically and signs the result. On any error it writes nothing.

use super::cards::read_cards;
use super::diagnostics::{Diagnostics, Location};
use super::editor_import::import_file;
use super::format::{self, Attribution, ContentInfo, Coverage, Manifest, Publisher};
use super::guides::{read_guides, CARDS_FOLDER};
use super::import::{self, Dataset, Gazetteer, ImportedPlace, Refusal, SourcePaths};
use super::validate::check_place;
use super::BundleError;
use crate::i18n::Localizer;
use crate::model::{Card, Category, Guide, Place};
use crate::spatial::CountryLocator;
use crate::store::schema::{CONTENT_SCHEMA, CONTENT_SCHEMA_VERSION, SEARCH_EVERY_LANGUAGE};
use rusqlite::{params, Connection};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// `data/bundle.toml`: what the bundle is and credits that no source file carries.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleConfig {
    /// Bundle id.
    pub bundle_id: String,
    /// Default version, unless `--version` says otherwise.
    pub version: u64,
    /// Publisher name.
    pub publisher: String,
    /// Oldest app that can read the bundle.
    pub min_app_version: String,
    /// Extra dataset credits (visa matrix, curated points, guides).
    #[serde(default)]
    pub datasets: Vec<ConfigDataset>,
    /// When true (the default bundle), every curated text must exist in es, en and fr; otherwise a text in
    /// fewer languages is only listed in the build report.
    #[serde(default)]
    pub require_translations: bool,
}

/// A dataset credit declared in `bundle.toml`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigDataset {
    /// Id.
    pub id: String,
    /// What it is.
    pub name: String,
    /// Licence.
    pub licence: String,
    /// Attribution line.
    pub attribution: String,
    /// Origin.
    pub origin: String,
    /// Date of the data (YYYY-MM-DD), if it has one.
    #[serde(default)]
    pub as_of: Option<String>,
}

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The data folder (holds `bundle.toml`, `sources/`, `guides/` and optionally `editor/`).
    pub data_dir: PathBuf,
    /// More editor files to import.
    pub imports: Vec<PathBuf>,
    /// Overrides the version in `bundle.toml`.
    pub version: Option<u64>,
}

/// A step of the build, for progress bars.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// What is happening.
    pub step: &'static str,
    /// Steps done.
    pub done: u64,
    /// Steps in all.
    pub total: u64,
}

/// The result of a successful build.
#[derive(Debug)]
pub struct BuildReport {
    /// The signed bundle file.
    pub bundle: Vec<u8>,
    /// Its manifest.
    pub manifest: Manifest,
    /// Warnings (errors would have stopped the build).
    pub diagnostics: Diagnostics,
    /// Rows the licence gate refused.
    pub refused: Vec<Refusal>,
}

const STEPS: u64 = 9;

/// Reads, validates and signs. Calls `progress` at each step.
pub fn build(
    options: &BuildOptions,
    key: &ed25519_dalek::SigningKey,
    progress: &mut dyn FnMut(Progress),
) -> Result<BuildReport, BundleError> {
    let mut step = 0;
    let mut tick = |name: &'static str| {
        step += 1;
        progress(Progress {
            step: name,
            done: step,
            total: STEPS,
        });
    };
    let mut diagnostics = Diagnostics::default();
    let config_path = options.data_dir.join("bundle.toml");
    let config: BundleConfig = toml::from_str(&import::read_text(&config_path)?).map_err(|e| {
        let mut d = Diagnostics::default();
        d.error(
            &Location::file(&config_path.display().to_string()),
            None,
            e.to_string(),
            None,
        );
        BundleError::Invalid(d)
    })?;
    let paths = SourcePaths::new(&options.data_dir.join("sources"));

    tick("borders");
    let borders = import::read_borders(&paths, &mut diagnostics)?;
    let locator = CountryLocator::new(
        borders
            .iter()
            .filter(|b| b.scale == "10m")
            .filter_map(|b| {
                crate::spatial::geometry_to_multipolygon(&b.geometry)
                    .map(|shape| (b.country, shape))
            })
            .collect(),
    );

    tick("points of interest");
    let (mut places, mut refused) = import::read_pois(&paths, &mut diagnostics)?;
    tick("towns");
    let mut gazetteer = Gazetteer::read(&paths, &mut diagnostics)?;
    super::import::town_positions::read_town_positions(
        &paths,
        &locator,
        &mut gazetteer,
        &mut diagnostics,
    )?;
    tick("curated route points");
    places.extend(import::curated::read_curated(
        &paths,
        &gazetteer,
        &mut diagnostics,
    )?);

    tick("editor imports");
    let mut datasets = import::read_datasets(&paths)?;
    for path in editor_files(&options.data_dir.join("editor"))?
        .into_iter()
        .chain(options.imports.iter().cloned())
    {
        let import = import_file(&path, &locator, &mut diagnostics)?;
        if let Some(dataset) = &import.dataset {
            let problem = crate::text::find_markup(&dataset.attribution)
                .map(|markup| format!("contains markup or script {markup:?}"))
                .or_else(|| {
                    crate::text::check_text(
                        crate::text::text_rule("attribution"),
                        &dataset.attribution,
                    )
                    .err()
                    .map(|p| p.to_string())
                });
            if let Some(problem) = problem {
                diagnostics.error(
                    &Location::file(&path.display().to_string()),
                    Some("attribution"),
                    problem,
                    Some("one plain line naming the data's authors"),
                );
            }
        }
        places.extend(import.places);
        refused.extend(import.refused);
        datasets.extend(import.dataset);
    }
    for extra in &config.datasets {
        datasets.push(Dataset {
            id: extra.id.clone(),
            name: extra.name.clone(),
            licence: extra.licence.clone(),
            attribution: extra.attribution.clone(),
            origin: extra.origin.clone(),
        });
    }

    tick("countries, visas, guides");
    let countries = import::read_countries(&paths, &mut diagnostics)?;
    let visas = import::read_visas(&paths, &mut diagnostics)?;
    let guides = read_guides(&options.data_dir.join("guides"), &mut diagnostics)?;
    let cards = read_cards(
        &options.data_dir.join("guides").join(CARDS_FOLDER),
        &mut diagnostics,
    )?;

    tick("validation");
    // Corrections change places every other input gave, so they come last, and validation sees the result.
    import::corrections::apply_corrections(
        &options.data_dir.join("corrections"),
        &mut places,
        &mut diagnostics,
    )?;
    let mut seen: BTreeMap<String, Location> = BTreeMap::new();
    for ImportedPlace { place, at } in &places {
        check_place(place, at, &locator, &mut diagnostics);
        check_translations(place, at, config.require_translations, &mut diagnostics);
        if let Some(first) = seen.get(&place.id.0) {
            diagnostics.error(
                at,
                Some("id"),
                format!("duplicate id {:?} (first seen at {first})", place.id.0),
                Some("ids unique across all inputs"),
            );
        } else {
            seen.insert(place.id.0.clone(), at.clone());
        }
    }
    // Attribution for every dataset that ships, and the licence gate on datasets themselves.
    let mut rows_per_dataset: BTreeMap<String, u64> = BTreeMap::new();
    for imported in &places {
        *rows_per_dataset
            .entry(imported.place.provenance.dataset.clone())
            .or_default() += 1;
    }
    rows_per_dataset.insert("natural_earth_world_atlas".into(), borders.len() as u64);
    rows_per_dataset.insert("i18n_iso_countries".into(), countries.len() as u64);
    rows_per_dataset.insert(
        "world_countries".into(),
        countries
            .iter()
            .filter(|c| c.calling_codes.is_some())
            .count() as u64,
    );
    rows_per_dataset.insert("geonames".into(), gazetteer.towns.len() as u64);
    rows_per_dataset.insert("passport_index".into(), visas.len() as u64);
    rows_per_dataset.insert("paso_guides".into(), (guides.len() + cards.len()) as u64);
    let mut attributions = Vec::new();
    for (id, rows) in &rows_per_dataset {
        if *rows == 0 {
            continue;
        }
        let Some(dataset) = datasets.iter().find(|d| &d.id == id) else {
            diagnostics.error(
                &Location::file(&config_path.display().to_string()),
                Some("datasets"),
                format!("dataset {id:?} ships {rows} rows but has no attribution"),
                Some("an entry in sources/sources.json or bundle.toml"),
            );
            continue;
        };
        let licence = match super::licence::normalise(&dataset.licence)
            .map(str::to_string)
            .or_else(|| first_allowed(&dataset.licence))
        {
            Some(licence) => licence,
            None => {
                diagnostics.error(
                    &Location::file(&config_path.display().to_string()),
                    Some("datasets"),
                    format!(
                        "dataset {id:?}: licence {:?} is not on the allowlist",
                        dataset.licence
                    ),
                    Some(&super::licence::ALLOWED_LICENCES.join(", ")),
                );
                continue;
            }
        };
        attributions.push(Attribution {
            id: id.clone(),
            name: dataset.name.clone(),
            licence,
            attribution: dataset.attribution.clone(),
            origin: dataset.origin.clone(),
            rows: *rows,
        });
    }
    if diagnostics.has_errors() {
        return Err(BundleError::Invalid(diagnostics));
    }

    tick("content database");
    places.sort_by(|a, b| a.place.id.cmp(&b.place.id));
    let created = newest_date(&places, &guides, &cards, &config);
    let db = write_content(
        &places,
        &gazetteer,
        &countries,
        &visas,
        &borders,
        &guides,
        &cards,
        &attributions,
        &created,
    )?;

    tick("sign");
    let mut covered: BTreeSet<String> =
        places.iter().map(|p| p.place.country.to_string()).collect();
    covered.extend(guides.iter().map(|g| g.country.to_string()));
    let positions: Vec<_> = places.iter().filter_map(|p| p.place.position).collect();
    let bbox = positions
        .iter()
        .fold([180.0f64, 90.0f64, -180.0f64, -90.0f64], |b, p| {
            [
                b[0].min(p.lon),
                b[1].min(p.lat),
                b[2].max(p.lon),
                b[3].max(p.lat),
            ]
        });
    let manifest = Manifest {
        bundle_id: config.bundle_id.clone(),
        version: options.version.unwrap_or(config.version),
        created,
        schema_version: CONTENT_SCHEMA_VERSION,
        min_app_version: config.min_app_version.clone(),
        publisher: Publisher {
            name: config.publisher.clone(),
            key_id: String::new(),
        },
        content: ContentInfo::default(),
        coverage: Coverage {
            countries: covered.into_iter().collect(),
            bbox,
            places: places.len() as u64,
            mapped_places: places.iter().filter(|p| p.place.is_mappable()).count() as u64,
            towns: gazetteer.towns.len() as u64,
            guides: guides.len() as u64,
        },
        attributions,
        root: Vec::new(),
    };
    let bundle = format::write(manifest, &db, key)?;
    let manifest = format::split(&bundle)
        .ok()
        .and_then(|raw| serde_json::from_slice(raw.manifest_bytes).ok())
        .expect("a bundle just written parses");
    Ok(BuildReport {
        bundle,
        manifest,
        diagnostics,
        refused,
    })
}

fn first_allowed(text: &str) -> Option<String> {
    text.split("; ")
        .flat_map(|part| part.split(". "))
        .flat_map(|part| {
            [
                part.to_string(),
                part.split(':').next_back().unwrap_or("").to_string(),
            ]
        })
        .find_map(|part| super::licence::normalise(part.trim()).map(str::to_string))
}

fn editor_files(dir: &Path) -> Result<Vec<PathBuf>, BundleError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| BundleError::Io {
            path: dir.display().to_string(),
            source,
        })?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("csv" | "geojson")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The newest full date (YYYY-MM-DD) among the inputs: source dates, guide and card dates, dataset dates.
fn newest_date(
    places: &[ImportedPlace],
    guides: &[Guide],
    cards: &[Card],
    config: &BundleConfig,
) -> String {
    let iso = |text: &str| {
        let candidate = text.get(..10)?;
        chrono::NaiveDate::parse_from_str(candidate, "%Y-%m-%d")
            .ok()
            .map(|_| candidate.to_string())
    };
    places
        .iter()
        .filter_map(|p| p.place.provenance.date.as_deref().and_then(iso))
        .chain(guides.iter().filter_map(|g| iso(&g.dating.compiled_on)))
        .chain(
            guides
                .iter()
                .filter_map(|g| g.dating.field_review.as_ref().and_then(|r| iso(&r.on))),
        )
        .chain(cards.iter().filter_map(|c| iso(&c.dating.compiled_on)))
        .chain(
            config
                .datasets
                .iter()
                .filter_map(|d| d.as_of.as_deref().and_then(iso)),
        )
        .max()
        .unwrap_or_else(|| "1970-01-01".into())
}

/// Lists (or, for the default bundle's curated rows, refuses) free texts missing in some of es/en/fr: one
/// finding per place, naming every empty column.
fn check_translations(place: &Place, at: &Location, required: bool, diagnostics: &mut Diagnostics) {
    let columns: Vec<String> = [
        ("serves", &place.serves_text),
        ("services", &place.services),
        ("notes", &place.notes),
    ]
    .into_iter()
    .flat_map(|(field, text)| {
        text.missing()
            .into_iter()
            .map(move |l| format!("{field}_{l}"))
    })
    .collect();
    if columns.is_empty() {
        return;
    }
    let message = format!("untranslated: {} empty", columns.join(", "));
    let hint = Some("the same text in es, en and fr");
    if required && place.provenance.dataset == "paso_curated" {
        diagnostics.error(at, None, message, hint);
    } else {
        diagnostics.warning(at, None, message, hint);
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}

#[allow(clippy::too_many_arguments)]
fn write_content(
    places: &[ImportedPlace],
    gazetteer: &Gazetteer,
    countries: &[import::Country],
    visas: &[import::VisaRule],
    borders: &[import::Border],
    guides: &[Guide],
    cards: &[Card],
    attributions: &[Attribution],
    created: &str,
) -> Result<Vec<u8>, BundleError> {
    let mut conn = Connection::open_in_memory()?;
    conn.execute_batch(
        "PRAGMA page_size = 4096; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;",
    )?;
    conn.execute_batch(CONTENT_SCHEMA)?;
    let tx = conn.transaction()?;
    {
        let mut meta = tx.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
        meta.execute(params![
            "schema_version",
            CONTENT_SCHEMA_VERSION.to_string()
        ])?;
        meta.execute(params!["created", created])?;
        let mut dataset = tx.prepare("INSERT INTO datasets VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for a in attributions {
            dataset.execute(params![
                a.id,
                a.name,
                a.licence,
                a.attribution,
                a.origin,
                a.rows as i64
            ])?;
        }
        let localizers: Vec<Localizer> = ["es", "en", "fr"]
            .iter()
            .map(|l| Localizer::new(l))
            .collect();
        let category_words = |category: Category, subcategory: Option<&str>| {
            let mut words: Vec<String> = localizers.iter().map(|l| l.category(category)).collect();
            if let Some(key) = subcategory.map(|s| format!("subcategory-{s}")) {
                words.extend(
                    localizers
                        .iter()
                        .filter(|l| l.has_own(&key))
                        .map(|l| l.tr(&key)),
                );
            }
            words.join(" ")
        };
        let mut place = tx.prepare(
            "INSERT INTO places VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36)",
        )?;
        let mut search = tx.prepare(
            "INSERT INTO search (kind, ref, lang, title, body) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for ImportedPlace { place: p, .. } in places {
            let names = &p.names;
            place.execute(params![
                p.id.0,
                p.category.as_str(),
                p.subcategory,
                names.name,
                names.es,
                names.en,
                names.fr,
                p.country.as_str(),
                p.admin1,
                p.town,
                p.address,
                p.position.map(|x| x.lat),
                p.position.map(|x| x.lon),
                p.precision.as_str(),
                p.phone_text,
                json(&p.phones),
                p.email,
                p.website,
                p.opening_hours,
                json(&p.serves),
                json(&p.serves_text),
                json(&p.services),
                p.status.as_str(),
                p.verification.as_str(),
                p.last_checked,
                p.verified_by,
                p.desk_check.as_ref().map(json),
                p.provenance.dataset,
                p.provenance.url,
                p.provenance.title,
                p.provenance.date,
                p.provenance.licence,
                p.provenance.evidence,
                p.provenance.evidence_lang,
                json(&p.notes),
                p.operator_country.map(|c| c.to_string()),
            ])?;
            let mut title: Vec<&str> = vec![&names.name];
            for name in [&names.es, &names.en, &names.fr].into_iter().flatten() {
                if !title.contains(&name.as_str()) {
                    title.push(name);
                }
            }
            let mut body = vec![
                p.town.as_deref().unwrap_or(""),
                p.admin1.as_deref().unwrap_or(""),
                p.subcategory.as_deref().unwrap_or(""),
            ];
            let category_words = category_words(p.category, p.subcategory.as_deref());
            body.push(&category_words);
            body.extend(p.serves_text.iter().map(|(_, text)| text));
            body.extend(p.services.iter().map(|(_, text)| text));
            let body = body.join(" ");
            search.execute(params![
                "place",
                p.id.0,
                SEARCH_EVERY_LANGUAGE,
                title.join(" · "),
                body
            ])?;
        }
        let mut town = tx.prepare("INSERT INTO towns VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        let country_names: BTreeMap<_, _> = countries.iter().map(|c| (c.code, c)).collect();
        let mut towns: Vec<_> = gazetteer.towns.iter().collect();
        towns.sort_by(|a, b| a.id.cmp(&b.id));
        for t in towns {
            town.execute(params![
                t.id,
                t.name,
                t.country.as_str(),
                t.admin1,
                t.population.map(|p| p as i64),
                t.position.lat,
                t.position.lon
            ])?;
            let country = country_names
                .get(&t.country)
                .map(|c| format!("{} {} {}", c.name_es, c.name_en, c.name_fr))
                .unwrap_or_default();
            let body = format!("{} {country}", t.admin1.as_deref().unwrap_or(""));
            for title in gazetteer.search_titles(t) {
                search.execute(params!["town", t.id, SEARCH_EVERY_LANGUAGE, title, body])?;
            }
        }
        let mut country = tx.prepare("INSERT INTO countries VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for c in countries {
            country.execute(params![
                c.code.as_str(),
                c.name_es,
                c.name_en,
                c.name_fr,
                c.calling_codes
            ])?;
        }
        let mut visa = tx.prepare("INSERT INTO visas VALUES (?1, ?2, ?3)")?;
        for v in visas {
            visa.execute(params![
                v.passport.as_str(),
                v.destination.as_str(),
                v.requirement
            ])?;
        }
        let mut border = tx.prepare("INSERT INTO borders VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for b in borders {
            // A geometry without a box (none is expected) stays a candidate everywhere.
            let bounds = crate::spatial::geometry_to_multipolygon(&b.geometry)
                .and_then(|shape| geo::BoundingRect::bounding_rect(&shape))
                .unwrap_or(geo::Rect::new((-180.0, -90.0), (180.0, 90.0)));
            border.execute(params![
                b.country.as_str(),
                b.scale,
                b.geometry,
                bounds.min().y,
                bounds.min().x,
                bounds.max().y,
                bounds.max().x
            ])?;
        }
        let mut guide = tx.prepare("INSERT INTO guides VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        let mut section =
            tx.prepare("INSERT INTO guide_sections VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for g in guides {
            guide.execute(params![
                g.country.as_str(),
                g.lang,
                g.title,
                g.dating.compiled_on,
                g.dating.field_review.as_ref().map(|r| &r.on),
                g.dating.field_review.as_ref().map(|r| &r.by),
                json(&g.sources),
                json(&g.emergency)
            ])?;
            for (position, s) in g.sections.iter().enumerate() {
                section.execute(params![
                    g.country.as_str(),
                    g.lang,
                    position as i64,
                    s.id,
                    s.title,
                    s.body,
                    json(&s.sources)
                ])?;
                search.execute(params![
                    "guide",
                    format!("{}/{}/{}", g.country, g.lang, s.id),
                    g.lang,
                    format!("{} · {}", g.title, s.title),
                    s.body
                ])?;
            }
        }
        let mut card =
            tx.prepare("INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?;
        for c in cards {
            card.execute(params![
                c.id,
                c.lang,
                c.title,
                json(&c.countries),
                c.dating.compiled_on,
                c.dating.field_review.as_ref().map(|r| &r.on),
                c.dating.field_review.as_ref().map(|r| &r.by),
                json(&c.sources),
                c.body,
                json(&c.cited)
            ])?;
            search.execute(params![
                "card",
                format!("{}/{}", c.id, c.lang),
                c.lang,
                c.title,
                c.body
            ])?;
        }
    }
    tx.execute_batch(&crate::store::schema::fill_place_boxes_sql())?;
    crate::store::schema::fill_place_trees(&tx)?;
    tx.commit()?;
    conn.execute_batch("INSERT INTO search(search) VALUES ('optimize'); VACUUM;")?;
    let data = conn.serialize(rusqlite::MAIN_DB)?;
    Ok(data.to_vec())
}
