//! The content database schema, shared by the bundle builder (writes it) and the content store (reads it).

/// Bump when the content schema changes; the store refuses versions it does not know.
pub const CONTENT_SCHEMA_VERSION: u32 = 2;

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

CREATE VIRTUAL TABLE search USING fts5(
    kind UNINDEXED,              -- place, town, guide, card
    ref UNINDEXED,               -- place id, town id, CC/lang/section, or card-id/lang
    lang UNINDEXED,              -- '' when the row is for every language
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
"#;
