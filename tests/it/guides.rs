//! Country guides in the default bundle: all 9 countries × 3 languages, sourced and dated, with the visa line
//! matching the dataset, and every guide rendering headless without leaking markup.

use crate::common::*;
use dioxus::prelude::*;
use paso::catalog::Catalog;
use paso::i18n::Lang;
use paso::model::{CountryCode, GuideSource, ROUTE_COUNTRIES};
use paso::ui::markdown::GuideMarkdown;

fn dataset_requirement(passport: &str, destination: &str) -> String {
    let path = root().join("data/sources/visa-requirements/passport-index-tidy-iso2.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == passport && &r[1] == destination)
        .map(|r| r[2].to_string())
        .expect("the pair is in the dataset")
}

#[test]
fn every_route_country_has_a_dated_sourced_guide_in_three_languages() {
    let catalog = Catalog::open_default().unwrap();
    for country in ROUTE_COUNTRIES {
        let code = CountryCode::parse(country).unwrap();
        let mut source_ids = Vec::new();
        for lang in Lang::ALL {
            let guide = catalog
                .guide_in(code, lang)
                .unwrap()
                .unwrap_or_else(|| panic!("{country}/{lang} missing"));
            assert!(
                chrono::NaiveDate::parse_from_str(&guide.dating.compiled_on, "%Y-%m-%d").is_ok()
            );
            assert!(
                guide.dating.field_review.is_none(),
                "{country}/{lang}: nobody has checked a guide on the ground yet"
            );
            assert!(
                guide.sources.iter().all(|s| s.date().is_some()),
                "{country}/{lang}: every source has an honest date"
            );
            let ids: Vec<&str> = guide.sections.iter().map(|s| s.id.as_str()).collect();
            assert_eq!(ids, paso::model::GUIDE_SECTIONS, "{country}/{lang}");
            for section in &guide.sections {
                assert!(
                    !section.sources.is_empty(),
                    "{country}/{lang}/{} has no source",
                    section.id
                );
            }
            let emergency = guide.sections.iter().find(|s| s.id == "emergency").unwrap();
            let compact: String = emergency
                .body
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect();
            for number in &guide.emergency {
                let wanted: String = number
                    .number
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '-')
                    .collect();
                assert!(
                    compact.contains(&wanted),
                    "{country}/{lang}: {} not in the text",
                    number.number
                );
                assert!(
                    guide.sources.iter().any(|s| s.id == number.source),
                    "{country}/{lang}: {} unsourced",
                    number.number
                );
            }
            assert!(guide.sources.iter().all(|s| s.url.starts_with("http")));
            let mut ids: Vec<String> = guide.sources.iter().map(|s| s.id.clone()).collect();
            ids.sort();
            source_ids.push(ids);
        }
        assert!(
            source_ids.windows(2).all(|w| w[0] == w[1]),
            "{country}: the same sources in every language"
        );
    }
}

#[test]
fn the_visa_line_matches_the_dataset_for_real_pairs() {
    let catalog = Catalog::open_default().unwrap();
    for (passport, destination) in [
        ("VE", "CR"),
        ("HT", "MX"),
        ("CU", "NI"),
        ("IN", "SV"),
        ("CM", "PA"),
    ] {
        let line = catalog
            .visa(
                CountryCode::parse(passport).unwrap(),
                CountryCode::parse(destination).unwrap(),
            )
            .unwrap()
            .unwrap();
        assert_eq!(
            line.requirement,
            dataset_requirement(passport, destination),
            "{passport}→{destination}"
        );
        assert_eq!(line.as_of, "2025-01-12");
        let json = paso_data_ok(&[
            "guide",
            destination,
            "--nationality",
            passport,
            "--lang",
            "en",
            "--json",
        ]);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["visa"]["requirement"], line.requirement.as_str());
        assert_eq!(value["visa"]["passport"], passport);
        assert_eq!(value["visa"]["destination"], destination);
        assert_eq!(value["visa"]["as_of"], "2025-01-12");
        assert_eq!(value["country"], destination);
        assert_eq!(value["lang"], "en");
        assert!(value["compiled_on"].as_str().is_some());
        assert!(value["field_reviewed_on"].is_null() && value["field_reviewed_by"].is_null());
        for section in value["sections"].as_array().unwrap() {
            for key in ["id", "title", "text", "sources"] {
                assert!(section.get(key).is_some(), "section lacks {key}");
            }
            assert!(!section["sources"].as_array().unwrap().is_empty());
        }
    }
}

#[derive(Props, Clone, PartialEq)]
struct HarnessProps {
    body: String,
    sources: Vec<GuideSource>,
}

#[allow(non_snake_case)]
fn Harness(props: HarnessProps) -> Element {
    rsx! {
        GuideMarkdown { body: props.body, sources: props.sources, on_category: |_| {} }
    }
}

#[test]
fn every_guide_renders_headless_in_every_language_without_leaking_markup() {
    let catalog = Catalog::open_default().unwrap();
    for country in ROUTE_COUNTRIES {
        for lang in Lang::ALL {
            let guide = catalog
                .guide_in(CountryCode::parse(country).unwrap(), lang)
                .unwrap()
                .unwrap();
            for section in &guide.sections {
                let body = section.body.clone();
                let sources: Vec<GuideSource> = guide.sources.clone();
                let html = render_once(VirtualDom::new_with_props(
                    Harness,
                    HarnessProps { body, sources },
                ));
                assert!(
                    !html.contains("[@"),
                    "{country}/{lang}/{}: raw citation left",
                    section.id
                );
                assert!(!html.contains("<script"), "{country}/{lang}/{}", section.id);
                assert!(
                    html.contains("<sup"),
                    "{country}/{lang}/{}: citations are numbered",
                    section.id
                );
                assert!(
                    html.len() > 100,
                    "{country}/{lang}/{} rendered almost nothing",
                    section.id
                );
            }
        }
    }
}
