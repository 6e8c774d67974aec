//! Search, two ways, over the same text: the app's FTS5 prefix query on the real `search` table schema
//! (three languages, accents folded by the `unicode61 remove_diacritics 2` tokenizer) against a `LIKE` scan
//! over a folded copy of the same title and body. The `LIKE` pattern is `'% term%'` on text stored as
//! `' ' || folded words`, one `LIKE` per typed word, which gives exactly FTS5's "every word starts a token"
//! semantics; so both must return the same rows, and [`Corpus::check`] fails when they do not.

use super::synthetic::{BundleDb, CategoryWords, SyntheticPlaces, Town};
use super::BenchError;
use crate::store::content::fts_prefix_query;
use crate::store::schema::{search_expression, CONTENT_SCHEMA};
use crate::text::{fold, match_key};
use rusqlite::{params, params_from_iter, Connection};

/// The app's ranked query (as in [`crate::store::ContentStore::search`]), for the "ranked top 20" row.
const RANKED_SQL: &str = "SELECT rowid FROM search WHERE search MATCH ?1
     ORDER BY CASE kind WHEN 'town' THEN 0 WHEN 'place' THEN 1 ELSE 2 END, bm25(search, 0, 0, 0, 10.0, 1.0), ref
     LIMIT 20";

/// A search table plus its plain, folded twin for `LIKE`.
pub struct Corpus {
    conn: Connection,
    rows: usize,
}

/// How a query is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchMethod {
    /// Every matching row through FTS5 (`MATCH '"term"*'`).
    Fts,
    /// The app's query: FTS5 ranked with bm25, first 20.
    FtsRankedTop20,
    /// Every matching row through `LIKE '% term%'` scans.
    Like,
}

impl SearchMethod {
    /// All, FTS first.
    pub const ALL: [SearchMethod; 3] = [
        SearchMethod::Fts,
        SearchMethod::FtsRankedTop20,
        SearchMethod::Like,
    ];

    /// Name for tables.
    pub fn name(&self) -> &'static str {
        match self {
            SearchMethod::Fts => "FTS5 prefix (all rows)",
            SearchMethod::FtsRankedTop20 => "FTS5 ranked top 20 (app query)",
            SearchMethod::Like => "LIKE '% word%' scan (all rows)",
        }
    }
}

impl Corpus {
    /// The real bundle's search table (places, towns, guide sections), in a private copy.
    pub fn from_bundle(db: &BundleDb) -> Result<Self, BenchError> {
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, &db.bytes[..], db.bytes.len(), false)?;
        Self::with_plain_twin(conn)
    }

    /// A content database with the real schema whose search table holds `places` (synthetic names and
    /// bodies built as the bundle builder builds them: name; town, country and category words in es/en/fr).
    pub fn synthetic(places: &SyntheticPlaces, towns: &[Town]) -> Result<Self, BenchError> {
        let mut conn = Connection::open_in_memory()?;
        conn.execute_batch(CONTENT_SCHEMA)?;
        let words = CategoryWords::load();
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO search (kind, ref, lang, title, body) VALUES ('place', ?1, 'any', ?2, ?3)",
            )?;
            for i in 0..places.len() {
                let (name, body) = places.text(i, towns, &words);
                insert.execute(params![format!("synthetic-{i:07}"), name, body])?;
            }
        }
        tx.commit()?;
        conn.execute_batch("INSERT INTO search(search) VALUES ('optimize');")?;
        Self::with_plain_twin(conn)
    }

    fn with_plain_twin(mut conn: Connection) -> Result<Self, BenchError> {
        conn.execute_batch(
            "CREATE TABLE plain (id INTEGER PRIMARY KEY, lang TEXT NOT NULL, text TEXT NOT NULL);",
        )?;
        let rows: Vec<(i64, String, String, String)> = conn
            .prepare("SELECT rowid, lang, title, body FROM search")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare("INSERT INTO plain VALUES (?1, ?2, ?3)")?;
            for (id, lang, title, body) in &rows {
                let text = format!(" {} {}", match_key(title), match_key(body));
                insert.execute(params![id, lang, text])?;
            }
        }
        tx.commit()?;
        Ok(Self {
            conn,
            rows: rows.len(),
        })
    }

    /// Number of searchable rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Row ids matching `query` (guide rows only in `lang`), by `method`; sorted except for the ranked query.
    pub fn find(
        &self,
        method: SearchMethod,
        query: &str,
        lang: &str,
    ) -> Result<Vec<i64>, BenchError> {
        let mut ids = match method {
            SearchMethod::Fts | SearchMethod::FtsRankedTop20 => {
                let Some(expression) = fts_prefix_query(query) else {
                    return Ok(Vec::new());
                };
                let sql = if method == SearchMethod::Fts {
                    "SELECT rowid FROM search WHERE search MATCH ?1"
                } else {
                    RANKED_SQL
                };
                let mut statement = self.conn.prepare_cached(sql)?;
                let ids = statement
                    .query_map(params![search_expression(&expression, lang)], |r| r.get(0))?
                    .collect::<Result<Vec<i64>, _>>()?;
                ids
            }
            SearchMethod::Like => {
                let terms = terms(query);
                if terms.is_empty() {
                    return Ok(Vec::new());
                }
                let mut sql =
                    String::from("SELECT id FROM plain WHERE (lang = 'any' OR lang = ?1)");
                for n in 0..terms.len() {
                    sql.push_str(&format!(" AND text LIKE ?{}", n + 2));
                }
                let mut values = vec![lang.to_string()];
                values.extend(terms.iter().map(|t| format!("% {t}%")));
                let mut statement = self.conn.prepare_cached(&sql)?;
                let ids = statement
                    .query_map(params_from_iter(values.iter()), |r| r.get(0))?
                    .collect::<Result<Vec<i64>, _>>()?;
                ids
            }
        };
        if method != SearchMethod::FtsRankedTop20 {
            ids.sort_unstable();
        }
        Ok(ids)
    }

    /// Runs `query` both ways and returns the number of matching rows, or a mismatch.
    pub fn check(&self, query: &str, lang: &str) -> Result<usize, BenchError> {
        let fts = self.find(SearchMethod::Fts, query, lang)?;
        let like = self.find(SearchMethod::Like, query, lang)?;
        if fts != like {
            let only_fts: Vec<_> = fts.iter().filter(|id| !like.contains(id)).take(5).collect();
            let only_like: Vec<_> = like.iter().filter(|id| !fts.contains(id)).take(5).collect();
            return Err(BenchError::Mismatch(format!(
                "search {query:?} ({lang}): FTS5 {} rows, LIKE {} rows; only FTS5 {only_fts:?}, only LIKE {only_like:?}",
                fts.len(),
                like.len()
            )));
        }
        let ranked = self.find(SearchMethod::FtsRankedTop20, query, lang)?;
        if ranked.len() != fts.len().min(20)
            || ranked.iter().any(|id| fts.binary_search(id).is_err())
        {
            return Err(BenchError::Mismatch(format!(
                "search {query:?} ({lang}): the ranked top 20 is not a subset of the FTS5 rows"
            )));
        }
        Ok(fts.len())
    }
}

/// The words of a typed query, as [`fts_prefix_query`] splits them.
fn terms(query: &str) -> Vec<String> {
    fold(query)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(8)
        .map(str::to_string)
        .collect()
}

/// Typed queries in the three languages: the first word of every category label cut to at most 6 letters,
/// accents and capitals as written (`Hôpita`, `Albergu`…), the first 4 letters of every 100th town, and
/// pairs of both. Each comes with the language it is typed in.
pub fn queries(words: &CategoryWords, towns: &[Town]) -> Vec<(String, &'static str)> {
    const LANGS: [&str; 3] = ["es", "en", "fr"];
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for category in crate::model::Category::ALL {
        for (lang, code) in LANGS.iter().enumerate() {
            let label = words.word(*category, lang);
            let first: String = label
                .split_whitespace()
                .next()
                .unwrap_or("")
                .chars()
                .take(6)
                .collect();
            if first.chars().count() >= 3 && !out.iter().any(|(q, l)| q == &first && l == code) {
                out.push((first, code));
            }
        }
    }
    let town_prefixes: Vec<String> = towns
        .iter()
        .step_by(100)
        .map(|t| t.name.chars().take(4).collect::<String>())
        .filter(|p| p.chars().count() == 4 && p.chars().all(char::is_alphabetic))
        .collect();
    let singles = out.len();
    for (n, prefix) in town_prefixes.iter().enumerate() {
        out.push((prefix.clone(), LANGS[n % 3]));
        if n < singles {
            let (word, lang) = out[n].clone();
            out.push((format!("{word} {prefix}"), lang));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, LatLon};

    #[test]
    fn fts_and_like_agree_on_synthetic_text() {
        // Test-only towns.
        let towns = vec![
            Town {
                name: "Tápachula".into(),
                country: "MX".into(),
                population: 300_000,
                position: LatLon::new(14.9, -92.3),
            },
            Town {
                name: "Ciudad Hidalgo".into(),
                country: "MX".into(),
                population: 20_000,
                position: LatLon::new(14.7, -92.1),
            },
        ];
        let weights = [(Category::Shelter, 1), (Category::Health, 1)];
        let places = SyntheticPlaces::generate(600, 5, &towns, &weights);
        let corpus = Corpus::synthetic(&places, &towns).unwrap();
        assert_eq!(corpus.rows(), 600);
        let mut matched = 0;
        for (query, lang) in queries(&CategoryWords::load(), &towns)
            .into_iter()
            .chain([("tapa".to_string(), "es"), ("HIDAL ciu".to_string(), "fr")])
        {
            matched += corpus.check(&query, lang).unwrap();
        }
        assert!(matched > 600, "{matched}");
        assert_eq!(
            corpus
                .find(SearchMethod::Like, "tapach", "es")
                .unwrap()
                .len(),
            corpus
                .find(SearchMethod::Fts, "Tápach", "es")
                .unwrap()
                .len()
        );
        // A word in the middle of a token matches neither.
        assert!(corpus
            .find(SearchMethod::Like, "achula", "es")
            .unwrap()
            .is_empty());
    }
}
