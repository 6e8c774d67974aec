//! Tests of guide Markdown: parsing, safe links, citations, the conflict box, and every real guide.

use super::*;
use crate::catalog::Catalog;
use crate::i18n::Lang;
use crate::model::{Category, GuideSource, PlaceId};
use crate::model::{CountryCode, GUIDE_SECTIONS};
use dioxus::prelude::*;

fn source(id: &str, title: &str) -> GuideSource {
    GuideSource {
        id: id.into(),
        url: format!("https://example.org/{id}"),
        title: title.into(),
        tier: crate::model::SourceTier::Un,
        published: "2025".into(),
        date_precision: Some(crate::model::DatePrecision::Year),
        read_on: None,
        accessed: None,
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

fn render(body: &str, sources: Vec<GuideSource>) -> String {
    let mut dom = VirtualDom::new_with_props(
        Harness,
        HarnessProps {
            body: body.into(),
            sources,
        },
    );
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

/// The rendered HTML without the component's stylesheet.
fn content(html: &str) -> &str {
    &html[html.find("</style>").map(|i| i + 8).unwrap_or(0)..]
}

#[test]
fn links_are_sorted_by_scheme() {
    assert_eq!(
        classify_link("https://www.acnur.org/x"),
        LinkTarget::Web("https://www.acnur.org/x".into())
    );
    assert_eq!(
        classify_link("HTTP://a.org"),
        LinkTarget::Web("HTTP://a.org".into())
    );
    assert_eq!(
        classify_link("paso:category/shelter"),
        LinkTarget::Category(Category::Shelter)
    );
    assert_eq!(
        classify_link("paso:place/wd:Q1"),
        LinkTarget::Place(PlaceId("wd:Q1".into()))
    );
    for refused in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<b>x</b>",
        "file:///etc/passwd",
        "paso:category/casino",
        "paso:place/",
        "/relative",
        "https://",
        "vbscript:x",
    ] {
        assert_eq!(classify_link(refused), LinkTarget::Refused, "{refused}");
    }
}

#[test]
fn citations_are_parsed_with_one_or_several_ids() {
    let nodes = parse("Un hecho. [@a] Otro. [@b, @c]\n\nNo es cita: [nota] y [x](javascript:y).");
    let Node::Block(Container::Paragraph, first) = &nodes[0] else {
        panic!("{nodes:?}")
    };
    assert!(first.contains(&Node::Cite(vec!["a".into()])), "{first:?}");
    assert!(first.contains(&Node::Cite(vec!["b".into(), "c".into()])));
    let text = plain_text(&nodes);
    assert!(!text.contains("[@"), "{text}");
    assert!(
        text.contains("[nota]"),
        "an unknown reference stays text: {text}"
    );
    let Node::Block(_, second) = &nodes[1] else {
        panic!()
    };
    assert!(second.contains(&Node::Link(
        LinkTarget::Refused,
        vec![Node::Text("x".into())]
    )));
}

#[test]
fn a_script_in_the_body_comes_out_as_escaped_text() {
    let html = render(
        "Hola <script>alert('x')</script> mundo\n\n<div onclick=\"steal()\">bloque</div>\n\n<img src=x onerror=alert(1)>",
        vec![],
    );
    let body = content(&html);
    assert!(!body.contains("<script"), "{body}");
    assert!(!body.contains("<div onclick"), "{body}");
    assert!(!body.contains("<img"), "{body}");
    assert!(
        body.contains("&#60;script&#62;") || body.contains("&lt;script&gt;"),
        "{body}"
    );
}

#[test]
fn images_are_not_rendered_and_bad_links_are_not_links() {
    let html = render(
        "![foto](https://x.org/a.png) [clic](javascript:alert(1)) [datos](data:text/html,hi) [archivo](file:///etc/passwd)",
        vec![],
    );
    let body = content(&html);
    assert!(!body.contains("<img"), "{body}");
    assert!(!body.contains("href"), "{body}");
    assert!(!body.contains("javascript:"), "{body}");
    assert!(
        body.contains("clic") && body.contains("foto"),
        "the words stay: {body}"
    );
}

#[test]
fn web_links_open_outside_safely() {
    let html = render("Ver [ACNUR](https://help.unhcr.org/costarica/).", vec![]);
    assert!(
        html.contains(r#"<a class="paso-md-web" href="https://help.unhcr.org/costarica/" target="_blank" rel="noopener noreferrer">ACNUR</a>"#),
        "{html}"
    );
}

#[test]
fn citations_become_numbered_superscripts_pointing_to_the_sources() {
    let sources = vec![
        source("acnur-cr", "Solicitar refugio"),
        source("oim", "Application for Refuge"),
        source("pani", "Llamadas al 9-1-1"),
    ];
    let html = render(
        "Es gratis. [@acnur-cr] Dato [@pani, @oim]. Raro [@nadie].",
        sources,
    );
    let body = content(&html);
    assert!(!body.contains("[@"), "{body}");
    assert!(
        body.contains(r##"<sup class="paso-cite"><a href="#src-acnur-cr" title="Solicitar refugio">1</a></sup>"##),
        "{body}"
    );
    assert!(
        body.contains(r##"<a href="#src-pani" title="Llamadas al 9-1-1">3</a>,<a href="#src-oim" title="Application for Refuge">2</a>"##),
        "{body}"
    );
    assert!(body.contains(r#"<span title="nadie">?</span>"#), "{body}");
}

#[test]
fn category_links_are_in_app_buttons() {
    let html = render(
        "- En la app: [Albergues](paso:category/shelter), [Salud](paso:category/health), [Casino](paso:category/casino)",
        vec![],
    );
    let body = content(&html);
    assert!(body.contains("<ul><li>"), "{body}");
    assert!(
        body.contains(r#"<button type="button" class="paso-md-link" data-category="shelter">Albergues</button>"#),
        "{body}"
    );
    assert!(body.contains(r#"data-category="health""#));
    assert!(
        !body.contains("casino\""),
        "an unknown category is not a link: {body}"
    );
    assert!(body.contains("Casino"));
}

#[test]
fn structure_maps_to_small_semantic_elements() {
    let html = render(
        "## Título\n\n### Sub\n\nTexto *suave* y **fuerte** con `código`.\n\n1. uno\n2. dos\n\n> cita\n\n---\n",
        vec![],
    );
    let body = content(&html);
    for expected in [
        "<h3>Título</h3>",
        "<h4>Sub</h4>",
        "<em>suave</em>",
        "<strong>fuerte</strong>",
        "<code>código</code>",
        "<ol start=\"1\"><li>uno</li><li>dos</li></ol>",
        "<blockquote><p>cita</p></blockquote>",
        "<hr",
    ] {
        assert!(body.contains(expected), "{expected} missing in {body}");
    }
}

#[test]
fn a_conflict_block_is_a_box_headed_in_each_language_and_other_quotes_stay_quotes() {
    let body = "> [!conflict]\n> A dice 4 a 8 años [@a]. B dice 2 a 6 años [@b].\n\n> una cita\n";
    let sources = vec![source("a", "Ley"), source("b", "Nota")];
    for (lang, heading) in [
        ("es", "Las fuentes no coinciden"),
        ("en", "Sources disagree"),
        ("fr", "Les sources divergent"),
    ] {
        let mut dom = VirtualDom::new_with_props(
            LangHarness,
            LangHarnessProps {
                body: body.into(),
                sources: sources.clone(),
                lang: lang.into(),
            },
        );
        dom.rebuild_in_place();
        let html = dioxus_ssr::render(&dom);
        let body = content(&html);
        assert!(
            body.contains(&format!(
                r#"<aside class="paso-conflict" role="note"><p class="paso-conflict-title">{heading}</p><p>A dice 4 a 8 años"#
            )),
            "{lang}: {body}"
        );
        assert!(!body.contains("[!conflict]"), "{body}");
        assert!(
            body.contains("<blockquote><p>una cita</p></blockquote>"),
            "{body}"
        );
    }
}

#[derive(Props, Clone, PartialEq)]
struct LangHarnessProps {
    body: String,
    sources: Vec<GuideSource>,
    lang: String,
}

#[allow(non_snake_case)]
fn LangHarness(props: LangHarnessProps) -> Element {
    rsx! {
        GuideMarkdown { body: props.body, sources: props.sources, on_category: |_| {}, lang: props.lang }
    }
}

#[test]
fn every_section_of_every_real_guide_renders_without_leaking_citations() {
    let catalog = Catalog::open_default().unwrap();
    let countries: Vec<CountryCode> = catalog
        .guide_countries(Lang::En)
        .iter()
        .map(|(code, _)| *code)
        .collect();
    assert!(countries.contains(&CountryCode::parse("CR").unwrap()));
    assert_eq!(countries.len(), crate::model::ROUTE_COUNTRIES.len());
    for (country, lang) in countries
        .iter()
        .flat_map(|c| Lang::ALL.map(|lang| (*c, lang)))
    {
        let guide = catalog
            .guide_in(country, lang)
            .unwrap()
            .expect("the guide exists");
        assert_eq!(guide.sections.len(), GUIDE_SECTIONS.len());
        for section in &guide.sections {
            let html = render(&section.body, guide.sources.clone());
            let body = content(&html);
            assert!(
                !body.contains("[@"),
                "{country} {lang} {}: {body}",
                section.id
            );
            assert!(
                body.contains("<sup class=\"paso-cite\">"),
                "{lang} {}",
                section.id
            );
            assert!(!body.contains("<script"), "{lang} {}", section.id);
            assert!(
                !body.contains(">?</span>"),
                "{country} {lang} {}: a citation has no source",
                section.id
            );
            if section.id == "help" {
                assert!(
                    body.contains("data-category=\"shelter\""),
                    "{country} {lang}: {body}"
                );
            }
            // Every cited source shows its number.
            for id in &section.sources {
                assert!(
                    body.contains(&format!("href=\"#src-{id}\"")),
                    "{country} {lang} {}: {id}",
                    section.id
                );
            }
        }
    }
}
