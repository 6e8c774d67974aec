//! The one CSV reader of the staged sources: each file's row is a serde struct that names every column, the
//! header is checked against it (a missing or unknown column is an error at line 1, naming the column), and
//! every cell arrives trimmed.

use super::super::diagnostics::{Diagnostics, Location};
use super::super::BundleError;
use serde::de::{DeserializeOwned, Visitor};
use std::path::Path;

/// A column that is in the file, checked by name, and not used by the builder.
pub type Unused = serde::de::IgnoredAny;

/// The column names a row struct declares (its serde field names, renames applied), in declaration order.
pub fn columns_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut columns = None;
    // The derived impl hands its field list to `deserialize_struct`, which records it and stops.
    let _ = T::deserialize(FieldNames(&mut columns));
    columns.unwrap_or(&[])
}

struct FieldNames<'a>(&'a mut Option<&'static [&'static str]>);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("a CSV row is a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = Some(fields);
        Err(serde::de::Error::custom("field names recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// Reads every row of a CSV file as `T`, calling `each(row, location)`. A header that differs from `T`'s
/// columns (as a set) is reported column by column and the file is skipped; a malformed row is an error at its
/// line.
pub fn read_rows<T: DeserializeOwned>(
    path: &Path,
    label: &str,
    diagnostics: &mut Diagnostics,
    each: impl FnMut(T, Location, &mut Diagnostics),
) -> Result<(), BundleError> {
    let file = std::fs::File::open(path).map_err(super::io_error(path))?;
    read_rows_from(file, label, diagnostics, each).map_err(|error| BundleError::Io {
        path: path.display().to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, error.to_string()),
    })
}

/// [`read_rows`] over any reader; fails only when the header row cannot be read at all.
pub fn read_rows_from<T: DeserializeOwned>(
    input: impl std::io::Read,
    label: &str,
    diagnostics: &mut Diagnostics,
    mut each: impl FnMut(T, Location, &mut Diagnostics),
) -> Result<(), ::csv::Error> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(input);
    let header: ::csv::StringRecord = reader
        .headers()?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}'))
        .collect();
    let columns = columns_of::<T>();
    let header_line = Location::line(label, 1);
    let mut refused = false;
    for column in columns {
        if !header.iter().any(|h| h == *column) {
            diagnostics.error(
                &header_line,
                Some(column),
                format!("the column `{column}` is missing"),
                Some("every column the source's README lists"),
            );
            refused = true;
        }
    }
    for (index, name) in header.iter().enumerate() {
        if !columns.contains(&name) || header.iter().take(index).any(|h| h == name) {
            diagnostics.error(
                &header_line,
                Some(name),
                format!("`{name}` is an unknown or repeated column"),
                Some(&columns.join(",")),
            );
            refused = true;
        }
    }
    if refused {
        return Ok(());
    }
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map(|p| p.line()).unwrap_or(0);
                diagnostics.error(
                    &Location::line(label, line),
                    None,
                    format!("malformed CSV: {error}"),
                    None,
                );
                continue;
            }
        };
        let at = Location::line(label, record.position().map(|p| p.line()).unwrap_or(0));
        let trimmed: ::csv::StringRecord = record.iter().map(str::trim).collect();
        match trimmed.deserialize::<T>(Some(&header)) {
            Ok(row) => each(row, at, diagnostics),
            Err(error) => {
                let (field, message) = match error.kind() {
                    ::csv::ErrorKind::Deserialize { err, .. } => (
                        err.field().and_then(|i| header.get(i as usize)),
                        err.to_string(),
                    ),
                    _ => (None, error.to_string()),
                };
                diagnostics.error(&at, field, format!("malformed CSV row: {message}"), None);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct TownRow {
        name: String,
        #[serde(rename = "pop")]
        population: u64,
        #[allow(dead_code)]
        note: Unused,
    }

    fn read(text: &str) -> (Vec<(String, u64, String)>, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let mut rows = Vec::new();
        read_rows_from(
            text.as_bytes(),
            "sources/towns.csv",
            &mut diagnostics,
            |row: TownRow, at, _| rows.push((row.name, row.population, at.to_string())),
        )
        .expect("a header row");
        (rows, diagnostics)
    }

    #[test]
    fn the_columns_are_the_struct_fields_with_renames() {
        assert_eq!(columns_of::<TownRow>(), ["name", "pop", "note"]);
    }

    #[test]
    fn rows_arrive_trimmed_in_any_column_order() {
        let (rows, diagnostics) = read("\u{feff}note, pop ,name\nx,  12 , Upala \n,3,Tapachula\n");
        assert!(!diagnostics.has_errors(), "{diagnostics}");
        assert_eq!(
            rows,
            [
                ("Upala".into(), 12, "sources/towns.csv, line 2".into()),
                ("Tapachula".into(), 3, "sources/towns.csv, line 3".into()),
            ]
        );
    }

    #[test]
    fn a_missing_column_is_refused_with_file_line_and_field() {
        let (rows, diagnostics) = read("name,note\nUpala,x\n");
        assert!(rows.is_empty(), "no row of a refused file is read");
        let found = diagnostics.to_string();
        assert_eq!(diagnostics.error_count(), 1, "{found}");
        assert!(
            found.contains("sources/towns.csv, line 1, field `pop`: the column `pop` is missing"),
            "{found}"
        );
    }

    #[test]
    fn an_unknown_column_is_refused_with_file_line_and_field() {
        let (rows, diagnostics) = read("name,pop,note,phone\nUpala,12,x,555\n");
        assert!(rows.is_empty());
        let found = diagnostics.to_string();
        assert_eq!(diagnostics.error_count(), 1, "{found}");
        assert!(
            found.contains("sources/towns.csv, line 1, field `phone`: `phone` is an unknown"),
            "{found}"
        );
        let (_, repeated) = read("name,pop,note,name\n");
        assert!(repeated.to_string().contains("field `name`"), "{repeated}");
    }

    #[test]
    fn a_row_with_an_extra_cell_or_a_bad_value_is_refused_at_its_line() {
        let (rows, diagnostics) =
            read("name,pop,note\nUpala,12,x,extra\nTurbo,many,x\nNecoclí,5,\n");
        assert_eq!(
            rows,
            [("Necoclí".into(), 5, "sources/towns.csv, line 4".into())]
        );
        let found = diagnostics.to_string();
        assert_eq!(diagnostics.error_count(), 2, "{found}");
        assert!(
            found.contains("sources/towns.csv, line 2: malformed CSV"),
            "{found}"
        );
        assert!(
            found.contains("sources/towns.csv, line 3, field `pop`"),
            "{found}"
        );
    }
}
