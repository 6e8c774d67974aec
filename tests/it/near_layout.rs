//! Near me at 360 × 640, headless in es, en and fr: the filters are one row (not three stacked blocks), at
//! least three results follow them, and the stylesheet keeps Near me's sizes in rem (so the phone's text
//! size scales them) with 3rem tap targets. A budget computed from the stylesheet's own rem values checks
//! that three results fit above the fold at 100% text size; `.ci/smoke.sh` checks the real window by OCR.

use crate::common::*;
use dioxus::prelude::*;
use paso::catalog::Catalog;
use paso::model::LatLon;
use paso::store::UserStore;
use paso::ui::app::{App, AppProps};
use paso::ui::state::{Boot, Start};
use std::rc::Rc;

/// The one stylesheet, as the app inlines it.
const CSS: &str = include_str!("../../assets/paso.css");

/// GeoNames centre of Tapachula (as in the fixture's towns).
const TAPACHULA: LatLon = LatLon::new(14.90541, -92.25891);

fn near_html(lang: &str) -> String {
    let user = UserStore::in_memory().unwrap();
    user.set_setting("language", Some(lang)).unwrap();
    let catalog = Catalog::open(&mini_bundle(), &dev_trusted()).expect("the fixture bundle opens");
    let boot = Boot {
        catalog: Ok(Rc::new(catalog)),
        user: Rc::new(user),
        user_problem: None,
        source: None,
        data_dir: None,
        report_server: None,
        trusted: Default::default(),
        start: Start {
            at: Some(TAPACHULA),
            lang: Some(lang.to_string()),
            route: Some("/".to_string()),
        },
    };
    let mut dom = VirtualDom::new_with_props(App, AppProps { boot });
    dom.rebuild_in_place();
    dioxus_ssr::render(&dom)
}

#[test]
fn the_filters_are_one_row_and_three_results_follow_in_every_language() {
    for lang in ["es", "en", "fr"] {
        let html = near_html(lang);
        let html = html.rsplit("</style>").next().unwrap();
        assert_eq!(
            html.matches("data-layout=\"filter-row\"").count(),
            1,
            "{lang}: one filter row"
        );
        assert!(
            !html.contains("<details class=\"serves\""),
            "{lang}: who-it-serves is not a block of its own"
        );
        let row = html.find("data-layout=\"filter-row\"").unwrap();
        let first_result = html.find("class=\"row-btn\"").expect("results");
        let filters = &html[row..first_result];
        // The category chips and the who-it-serves button are both inside that one row, before any result.
        let chips = filters
            .find("class=\"chips scroll\"")
            .expect("category chips in the row");
        let toggle = filters
            .find("serves-toggle")
            .expect("who it serves in the row");
        let row_end = filters
            .find("id=\"serves-chips\"")
            .expect("the folded chips after it");
        assert!(chips < row_end && toggle < row_end, "{lang}: {filters}");
        assert!(filters.contains("aria-expanded=\"false\""), "{lang}");
        assert!(
            filters[row_end..].contains("hidden"),
            "{lang}: the who-it-serves chips are folded"
        );
        // The title is for screen readers; nothing else stands between the row and the results.
        assert!(html.contains("<h1 class=\"sr-only\""), "{lang}");
        assert!(html.matches("class=\"row-btn\"").count() >= 3, "{lang}");
        for between in ["<details", "<h2", "<section"] {
            assert!(
                !filters.contains(between),
                "{lang}: {between} above the results"
            );
        }
    }
}

/// The declarations of the rule whose selector list is exactly `selector`.
fn rule<'a>(css: &'a str, selector: &str) -> &'a str {
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').unwrap();
        let head = rest[..open].rsplit(['}', '/']).next().unwrap().trim();
        if head == selector {
            return &rest[open + 1..close];
        }
        rest = &rest[close + 1..];
    }
    panic!("no CSS rule for {selector}")
}

/// The lengths of a rule's property, in rem (`var(--touch)` is 3rem; `0` is 0); panics on px or anything
/// else.
fn lengths(css: &str, selector: &str, property: &str) -> Vec<f64> {
    let body = rule(css, selector);
    let value = body
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .find(|(p, _)| p.trim() == property)
        .map(|(_, v)| v.trim())
        .unwrap_or_else(|| panic!("{selector} has no {property}"));
    value
        .split_whitespace()
        .map(|v| match v {
            "0" => 0.0,
            "var(--touch)" => 3.0,
            v if v.ends_with("rem") => v.trim_end_matches("rem").parse().unwrap(),
            v => panic!("{selector} {property}: {v} is not in rem"),
        })
        .collect()
}

/// A one-value property, in rem.
fn rem(css: &str, selector: &str, property: &str) -> f64 {
    lengths(css, selector, property)[0]
}

/// Top plus bottom of a `margin` or `padding` shorthand, in rem.
fn vertical(css: &str, selector: &str, property: &str) -> f64 {
    match lengths(css, selector, property).as_slice() {
        [all] => 2.0 * all,
        [v, _] => 2.0 * v,
        [t, _, b] | [t, _, b, _] => t + b,
        other => panic!("{selector} {property}: {other:?}"),
    }
}

#[test]
fn near_me_sizes_are_in_rem_and_three_results_fit_above_the_fold() {
    let css = CSS;
    assert!(
        css.contains("--touch: 3rem;"),
        "tap targets are 3rem (48 px)"
    );
    // Every Near me rule sizes in rem: no px.
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').unwrap();
        let head = rest[..open].rsplit(['}', '/']).next().unwrap().trim();
        if head.contains(".near-screen")
            || head.contains(".filter-row")
            || head.contains(".serves-")
        {
            assert!(!rest[open..close].contains("px"), "{head} uses px");
        }
        rest = &rest[close + 1..];
    }
    let row = rule(css, ".filter-row");
    assert!(
        row.contains("display: flex") && !row.contains("column"),
        "{row}"
    );
    assert_eq!(rem(css, ".chip", "min-height"), 3.0);
    assert_eq!(rem(css, ".btn.small", "min-height"), 3.0);

    // Heights at 100% text (1rem = 16 px), top to bottom, from the stylesheet's own values.
    let line = 1.45; // body line-height
    let border = 0.125; // 2 px
    let top = rem(css, ".top-btn", "min-height") + vertical(css, ".top", "padding") + border;
    let tabs = rem(css, ".tab", "min-height") + vertical(css, ".tab", "padding") + border;
    let body_top = rem(css, ".near-screen", "padding-top");
    let here = rem(css, ".btn.small", "min-height") + vertical(css, ".near-screen .here", "margin");
    let filters = rem(css, ".chip", "min-height") + vertical(css, ".filter-row", "margin");
    // The count is announced, not shown.
    let count = if rule(css, ".near-screen .count").contains("position: absolute") {
        0.0
    } else {
        rem(css, ".near-screen .count", "font-size") * line
    };
    // One result: its name line, then category, distance and badges flowing as one paragraph of three
    // lines (a town-level distance line is long).
    let flow = ".near-screen .row-meta, .near-screen .badges";
    assert!(
        rule(css, flow).contains("display: inline"),
        "category, distance and badges flow"
    );
    let name = rem(css, ".near-screen .row-head .icon.large", "height")
        .max(rem(css, ".near-screen .row-name", "font-size") * 1.2);
    let lines = 3.0 * rem(css, flow, "font-size") * 1.5;
    let result = vertical(css, ".near-screen .row-btn", "padding")
        + name
        + vertical(css, ".near-screen .row-head", "margin")
        + lines
        + 0.0625;
    let used = top + body_top + here + filters + count + 3.0 * result;
    let fold = 640.0 / 16.0 - tabs;
    assert!(
        used <= fold,
        "three results need {:.0} px, the first screen has {:.0} px",
        used * 16.0,
        fold * 16.0
    );
}
