//! Country borders packed for "which country is this point in": the 1:10m shapes parsed once, when a
//! bundle is shelved, and written as an rkyv archive that later starts read in place (memory-mapped), so
//! a start parses no GeoJSON. Pure: shapes in, bytes out, bytes in, answers out; no I/O.
//!
//! The answer is exactly that of parsing the bundle's GeoJSON: the same coordinates (f64, as parsed), the
//! countries in code order, the first whose shape contains the point (`geo`'s `contains`, through
//! [`super::contains`]).

use super::packed::{PackedError, TreeBytes};
use crate::model::{CountryCode, LatLon};
use geo::{BoundingRect, MultiPolygon};
use rkyv::rancor::Error as RkyvError;

#[derive(rkyv::Archive, rkyv::Serialize)]
struct Country {
    code: [u8; 2],
    /// west, south, east, north of the shape.
    bbox: [f64; 4],
    /// Per polygon, its rings (the exterior first, then holes), each a list of (lon, lat).
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

#[derive(rkyv::Archive, rkyv::Serialize)]
struct Borders {
    countries: Vec<Country>,
}

/// Packs country shapes (any order; kept in code order). Shapes without a bounding box (empty) are left
/// out, as they contain nothing. The same shapes give the same bytes.
pub fn pack(shapes: &[(CountryCode, MultiPolygon<f64>)]) -> Result<Vec<u8>, PackedError> {
    let mut countries: Vec<Country> = shapes
        .iter()
        .filter_map(|(code, shape)| {
            let rect = shape.bounding_rect()?;
            let ring = |line: &geo::LineString<f64>| line.0.iter().map(|c| [c.x, c.y]).collect();
            Some(Country {
                code: code.as_str().as_bytes().try_into().ok()?,
                bbox: [rect.min().x, rect.min().y, rect.max().x, rect.max().y],
                polygons: shape
                    .0
                    .iter()
                    .map(|polygon| {
                        std::iter::once(polygon.exterior())
                            .chain(polygon.interiors())
                            .map(ring)
                            .collect()
                    })
                    .collect(),
            })
        })
        .collect();
    countries.sort_by_key(|a| a.code);
    rkyv::to_bytes::<RkyvError>(&Borders { countries })
        .map(|bytes| bytes.to_vec())
        .map_err(|e| PackedError::Build(e.to_string()))
}

/// Packed borders, checked once and then read in place.
pub struct PackedBorders {
    bytes: Box<dyn TreeBytes>,
}

impl std::fmt::Debug for PackedBorders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackedBorders")
            .field("bytes", &self.bytes.bytes().len())
            .field("countries", &self.archived().countries.len())
            .finish()
    }
}

impl PackedBorders {
    /// Checks the archive's structure (bounds, alignment, lengths, country codes) and keeps it.
    pub fn new(bytes: Box<dyn TreeBytes>) -> Result<Self, PackedError> {
        let archived = rkyv::access::<ArchivedBorders, RkyvError>(bytes.bytes())
            .map_err(|e| PackedError::Damaged(format!("country borders: {e}")))?;
        if archived
            .countries
            .iter()
            .any(|c| code_of(&c.code).is_none())
        {
            return Err(PackedError::Damaged(
                "country borders: a country code is not two letters".into(),
            ));
        }
        Ok(Self { bytes })
    }

    fn archived(&self) -> &ArchivedBorders {
        // SAFETY: `new` checked these very bytes with `rkyv::access`, and `TreeBytes` never changes them.
        unsafe { rkyv::access_unchecked::<ArchivedBorders>(self.bytes.bytes()) }
    }

    /// Number of countries.
    pub fn len(&self) -> usize {
        self.archived().countries.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first country, in code order, whose shape contains `position`; only the shapes whose box
    /// holds the point are read.
    pub fn country_at(&self, position: LatLon) -> Option<CountryCode> {
        if !position.is_valid() {
            return None;
        }
        self.archived().countries.iter().find_map(|country| {
            let [west, south, east, north] = country.bbox.map(|v| v.to_native());
            let inside_box = west <= position.lon
                && position.lon <= east
                && south <= position.lat
                && position.lat <= north;
            (inside_box && super::contains(&shape_of(country), position))
                .then(|| code_of(&country.code))
                .flatten()
        })
    }
}

fn code_of(code: &[u8; 2]) -> Option<CountryCode> {
    CountryCode::parse(std::str::from_utf8(code).ok()?)
}

fn shape_of(country: &ArchivedCountry) -> MultiPolygon<f64> {
    let ring = |points: &rkyv::vec::ArchivedVec<rkyv::Archived<[f64; 2]>>| {
        geo::LineString::from(
            points
                .iter()
                .map(|[x, y]| geo::coord! { x: x.to_native(), y: y.to_native() })
                .collect::<Vec<_>>(),
        )
    };
    MultiPolygon(
        country
            .polygons
            .iter()
            .filter_map(|rings| {
                let mut rings = rings.iter().map(ring);
                let exterior = rings.next()?;
                Some(geo::Polygon::new(exterior, rings.collect()))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::packed::aligned_copy;
    use super::*;

    fn square(code: &str, west: f64, south: f64, hole: bool) -> (CountryCode, MultiPolygon<f64>) {
        let ring = |w: f64, s: f64, size: f64| {
            geo::LineString::from(vec![
                (w, s),
                (w + size, s),
                (w + size, s + size),
                (w, s + size),
                (w, s),
            ])
        };
        let holes = if hole {
            vec![ring(west + 0.4, south + 0.4, 0.2)]
        } else {
            vec![]
        };
        (
            CountryCode::parse(code).unwrap(),
            MultiPolygon(vec![geo::Polygon::new(ring(west, south, 1.0), holes)]),
        )
    }

    fn packed(shapes: &[(CountryCode, MultiPolygon<f64>)]) -> PackedBorders {
        PackedBorders::new(Box::new(aligned_copy(&pack(shapes).unwrap()))).unwrap()
    }

    #[test]
    fn answers_as_the_shapes_do_holes_and_code_order_included() {
        // BB is packed first but AA, overlapping it, comes first in code order, as in the bundle's table.
        let shapes = vec![square("BB", 0.5, 0.0, false), square("AA", 0.0, 0.0, true)];
        let borders = packed(&shapes);
        assert_eq!(borders.len(), 2);
        let at = |lat, lon| {
            borders
                .country_at(LatLon::new(lat, lon))
                .map(|c| c.to_string())
        };
        assert_eq!(at(0.2, 0.7).as_deref(), Some("AA"));
        // In AA's hole but inside BB.
        assert_eq!(at(0.5, 0.55).as_deref(), Some("BB"));
        assert_eq!(at(0.5, 1.3).as_deref(), Some("BB"));
        assert_eq!(at(5.0, 5.0), None);
        assert_eq!(borders.country_at(LatLon::new(f64::NAN, 0.0)), None);
    }

    #[test]
    fn the_same_shapes_give_the_same_bytes_and_damage_is_refused() {
        let shapes = vec![square("AA", 0.0, 0.0, false)];
        let bytes = pack(&shapes).unwrap();
        assert_eq!(bytes, pack(&shapes).unwrap());
        let mut short = bytes.clone();
        short.truncate(bytes.len() / 2);
        assert!(PackedBorders::new(Box::new(aligned_copy(&short))).is_err());
        let garbage = vec![0xA5u8; bytes.len()];
        assert!(PackedBorders::new(Box::new(aligned_copy(&garbage))).is_err());
    }
}
