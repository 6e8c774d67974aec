//! The content database schema, shared by the bundle builder (writes it) and the content store (reads it).

/// Bump when the content schema changes; the store refuses versions it does not know.
pub const CONTENT_SCHEMA_VERSION: u32 = 4;

/// Tables of the content database, created in this order.
pub const CONTENT_SCHEMA: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE datasets (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    licence     TEXT NOT NULL,
    attribution TEXT NOT NULL,
    origin      TEXT NOT NULL,
    rows        INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE places (
    id                 TEXT PRIMARY KEY,
    category           TEXT NOT NULL,
    subcategory        TEXT,
    name               TEXT NOT NULL,
    name_es            TEXT,
    name_en            TEXT,
    name_fr            TEXT,
    country            TEXT NOT NULL,
    admin1             TEXT,
    town               TEXT,
    address            TEXT,
    lat                REAL,
    lon                REAL,
    location_precision TEXT NOT NULL,
    phone_text         TEXT,
    phones             TEXT NOT NULL,  -- JSON array of dialable numbers
    email              TEXT,
    website            TEXT,
    opening_hours      TEXT,           -- OSM syntax
    serves             TEXT NOT NULL,  -- JSON array of target groups
    serves_text        TEXT NOT NULL,  -- JSON {es, en, fr}: who it serves, in words
    services           TEXT NOT NULL,  -- JSON {es, en, fr}
    status             TEXT NOT NULL,
    verification       TEXT NOT NULL,  -- unverified, desk_checked, field_verified
    last_checked       TEXT,           -- YYYY-MM-DD of the last desk or field check
    verified_by        TEXT,           -- the organisation that verified it on the ground
    desk_check         TEXT,           -- JSON {url, title, date, evidence}: the newer source that confirmed it
    dataset            TEXT NOT NULL REFERENCES datasets(id),
    source_url         TEXT,
    source_title       TEXT,
    source_date        TEXT,
    licence            TEXT NOT NULL,
    evidence           TEXT,
    evidence_lang      TEXT,
    notes              TEXT NOT NULL,  -- JSON {es, en, fr}
    operator_country   TEXT
) WITHOUT ROWID;
CREATE INDEX places_country ON places(country, category);

CREATE TABLE countries (
    iso2          TEXT PRIMARY KEY,
    name_es       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    name_fr       TEXT NOT NULL,
    calling_codes TEXT
) WITHOUT ROWID;

CREATE TABLE towns (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    country    TEXT NOT NULL,
    admin1     TEXT,
    population INTEGER,
    lat        REAL NOT NULL,
    lon        REAL NOT NULL
) WITHOUT ROWID;

CREATE TABLE visas (
    passport    TEXT NOT NULL,
    destination TEXT NOT NULL,
    requirement TEXT NOT NULL,
    PRIMARY KEY (passport, destination)
) WITHOUT ROWID;

CREATE TABLE borders (
    country  TEXT NOT NULL,
    scale    TEXT NOT NULL,      -- '50m' for the map, '10m' for point-in-country
    geometry TEXT NOT NULL,      -- GeoJSON geometry
    south    REAL NOT NULL,      -- its bounding box, so "which country" parses only the candidates
    west     REAL NOT NULL,
    north    REAL NOT NULL,
    east     REAL NOT NULL,
    PRIMARY KEY (country, scale)
) WITHOUT ROWID;

CREATE TABLE guides (
    country           TEXT NOT NULL,
    lang              TEXT NOT NULL,
    title             TEXT NOT NULL,
    compiled_on       TEXT NOT NULL, -- YYYY-MM-DD: compiled from public sources at a desk
    field_reviewed_on TEXT,          -- YYYY-MM-DD of a check on the ground, NULL until one happened
    field_reviewed_by TEXT,          -- who checked on the ground (with field_reviewed_on)
    sources           TEXT NOT NULL, -- JSON array of {id, url, title, tier, published, date_precision?, read_on?, accessed?}
    emergency         TEXT NOT NULL, -- JSON array of {kind, number, label, source}
    PRIMARY KEY (country, lang)
) WITHOUT ROWID;

CREATE TABLE guide_sections (
    country    TEXT NOT NULL,
    lang       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    section_id TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,    -- CommonMark, validated: no HTML, links http(s) or paso:
    sources    TEXT NOT NULL,    -- JSON array of cited source ids
    PRIMARY KEY (country, lang, position)
) WITHOUT ROWID;

CREATE TABLE cards (
    id                TEXT NOT NULL, -- "What's true" card id, [a-z0-9-]
    lang              TEXT NOT NULL,
    title             TEXT NOT NULL,
    countries         TEXT NOT NULL, -- JSON array of ISO2 codes; [] = every country
    compiled_on       TEXT NOT NULL,
    field_reviewed_on TEXT,
    field_reviewed_by TEXT,
    sources           TEXT NOT NULL, -- JSON array, as in guides
    body              TEXT NOT NULL, -- CommonMark, validated like guide sections
    cited             TEXT NOT NULL, -- JSON array of cited source ids
    PRIMARY KEY (id, lang)
) WITHOUT ROWID;

-- The coarse stage of "what is near": one box per mappable place (its point, rounded outward to 32-bit
-- floats), with the category as the first dimension so a category filter prunes the tree instead of
-- walking it. The auxiliary columns hold the exact position and what the filters need, so candidates are
-- ranked without reading `places`.
CREATE VIRTUAL TABLE place_boxes USING rtree(
    n, category_lo, category_hi, lat_lo, lat_hi, lon_lo, lon_hi,
    +place_id, +lat, +lon, +closed, +town_level, +serves
);

-- The trees of places ([`crate::spatial::packed`]): one rkyv archive, built from `place_boxes` by
-- [`fill_place_trees`]. The shelf copies it beside the verified database so it is read in place.
CREATE TABLE place_trees (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    trees BLOB NOT NULL
);

CREATE VIRTUAL TABLE search USING fts5(
    kind UNINDEXED,              -- place, town, guide, card
    ref UNINDEXED,               -- place id, town id, CC/lang/section, or card-id/lang
    lang,                        -- es, en, fr, or 'any' for every language: indexed, so the language
                                 -- filter is a posting list, not a read of every matching row
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
"#;

/// The number of a category in `place_boxes` (its position in [`crate::model::Category::ALL`]).
pub fn category_number(category: crate::model::Category) -> i64 {
    crate::model::Category::ALL
        .iter()
        .position(|c| *c == category)
        .expect("every category is in ALL") as i64
}

/// Fills `place_boxes` from `places`, replacing what it held (run by the builder once every place is
/// written), in id order so the tree is the same for the same inputs.
pub fn fill_place_boxes_sql() -> String {
    use crate::model::{Category, LocationPrecision, PlaceStatus};
    let numbers: String = Category::ALL
        .iter()
        .map(|c| format!(" WHEN '{}' THEN {}", c.as_str(), category_number(*c)))
        .collect();
    let closed: Vec<String> = PlaceStatus::ALL
        .iter()
        .filter(|s| s.is_closed())
        .map(|s| format!("'{}'", s.as_str()))
        .collect();
    format!(
        "DELETE FROM place_boxes; INSERT INTO place_boxes (n, category_lo, category_hi, lat_lo, lat_hi, lon_lo, lon_hi, \
         place_id, lat, lon, closed, town_level, serves) \
         SELECT row_number() OVER (ORDER BY id), c, c, lat, lat, lon, lon, id, lat, lon, \
         status IN ({closed}), location_precision = '{town}', serves \
         FROM (SELECT *, CASE category{numbers} END AS c FROM places \
         WHERE lat IS NOT NULL AND lon IS NOT NULL AND location_precision IN ('{exact}', '{town}')) \
         ORDER BY id",
        closed = closed.join(", "),
        town = LocationPrecision::Town.as_str(),
        exact = LocationPrecision::Exact.as_str(),
    )
}

/// Fills `place_trees` from `place_boxes` (run right after [`fill_place_boxes_sql`]): the same places, in
/// the same numbers, give the same bytes.
pub fn fill_place_trees(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use crate::model::{Category, TargetGroup};
    use crate::spatial::packed::{build, PackedPlace};
    let mut statement = conn.prepare(
        "SELECT n, category_lo, lat, lon, closed, town_level, serves FROM place_boxes ORDER BY n",
    )?;
    let rows = statement.query_map([], |row| {
        // R*Tree coordinates read back as REAL (32-bit floats); category numbers are small integers.
        let category = row.get::<_, f64>(1)? as usize;
        let serves: Vec<String> =
            serde_json::from_str(&row.get::<_, String>(6)?).unwrap_or_default();
        Ok((
            row.get::<_, i64>(0)?,
            PackedPlace {
                position: crate::model::LatLon::new(row.get(2)?, row.get(3)?),
                category: Category::ALL[category.min(Category::ALL.len() - 1)],
                closed: row.get(4)?,
                town_level: row.get(5)?,
                serves: serves
                    .iter()
                    .filter_map(|g| g.parse::<TargetGroup>().ok())
                    .collect(),
            },
        ))
    })?;
    let mut places = Vec::new();
    for (expected, row) in (1..).zip(rows) {
        let (number, place) = row?;
        debug_assert_eq!(
            number, expected,
            "place_boxes numbers run from 1 without gaps"
        );
        places.push(place);
    }
    let trees = build(&places).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.execute("DELETE FROM place_trees", [])?;
    conn.execute(
        "INSERT INTO place_trees (id, trees) VALUES (1, ?1)",
        [trees],
    )?;
    Ok(())
}

/// The `lang` of a search row that is for every language (places and towns).
pub const SEARCH_EVERY_LANGUAGE: &str = "any";

/// The FTS5 expression the app runs: `typed` (an expression over words) matched in the title and body
/// only, and the row in `lang` or for every language. The language is a column filter on an indexed
/// column, so FTS5 intersects posting lists and reads no row to filter. A `lang` that is not a plain
/// lowercase code keeps only the rows for every language.
pub fn search_expression(typed: &str, lang: &str) -> String {
    let languages =
        if !lang.is_empty() && lang.len() <= 8 && lang.bytes().all(|b| b.is_ascii_lowercase()) {
            format!("{SEARCH_EVERY_LANGUAGE} OR {lang}")
        } else {
            SEARCH_EVERY_LANGUAGE.to_string()
        };
    format!("{{title body}} : ({typed}) AND lang : ({languages})")
}
