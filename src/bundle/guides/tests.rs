//! Unit tests of guide parsing: a good v2 guide, then each refusal with its file and line.

use super::*;

const FRONT: &str = "+++\ncountry = \"CR\"\nlang = \"en\"\ntitle = \"Costa Rica\"\ncompiled_on = \"2026-11-27\"\n\n[[sources]]\nid = \"s1\"\nurl = \"https://example.org/a\"\ntitle = \"A page\"\ntier = \"official\"\npublished = \"2025-03\"\ndate_precision = \"month\"\n\n[[sources]]\nid = \"s2\"\nurl = \"https://example.org/b\"\ntitle = \"B page\"\ntier = \"press\"\npublished = \"undated\"\nread_on = \"2026-11-27\"\n\n[[emergency]]\nkind = \"emergency\"\nnumber = \"911\"\nlabel = \"Emergencies\"\nsource = \"s1\"\n\n[[emergency]]\nkind = \"police\"\nnumber = \"117\"\nlabel = \"Police\"\nsource = \"s2\"\n+++\n\n";

/// Line of the `## … {#key-points}` heading in [`guide`]'s output.
const KEY_POINTS_LINE: u64 = 36;

fn guide(key_points: &str, body_extra: &str, emergency_number: &str) -> String {
    let mut text = String::from(FRONT);
    for id in GUIDE_SECTIONS {
        let body = match id {
            "key-points" => key_points.to_string(),
            "emergency" => format!("Call {emergency_number} or 117. [@s1] [@s2]"),
            _ => "A fact. [@s1]".to_string(),
        };
        text.push_str(&format!("## Title {{#{id}}}\n\n{body}\n\n"));
    }
    text.push_str(body_extra);
    text
}

const GOOD_POINTS: &str = "- Asking for asylum is free. [@s1]\n- Call 911 in danger. [@s1]";

fn problems(text: &str) -> String {
    let mut diagnostics = Diagnostics::default();
    parse_guide(text, "cr/en.md", &mut diagnostics);
    diagnostics.to_string()
}

#[test]
fn a_good_guide_parses_with_seven_sections_dating_and_a_tier_warning() {
    let mut diagnostics = Diagnostics::default();
    let text = guide(GOOD_POINTS, "", "911");
    assert_eq!(
        text.lines().nth(KEY_POINTS_LINE as usize - 1),
        Some("## Title {#key-points}")
    );
    let parsed = parse_guide(&text, "cr/en.md", &mut diagnostics).unwrap();
    assert!(!diagnostics.has_errors(), "{diagnostics}");
    assert_eq!(parsed.sections.len(), 7);
    assert_eq!(parsed.sections[0].id, "key-points");
    assert_eq!(parsed.sections[0].sources, vec!["s1"]);
    assert_eq!(parsed.dating.compiled_on, "2026-11-27");
    assert!(parsed.dating.field_review.is_none());
    let report = diagnostics.to_string();
    assert_eq!(diagnostics.warning_count(), 1, "{report}");
    assert!(
        report.contains("warning: cr/en.md, line 31, field `emergency.source`: 117 (Police) rests only on \"s2\", tier press"),
        "{report}"
    );
}

#[test]
fn html_bad_links_uncited_numbers_and_bad_dates_are_errors_with_lines() {
    let text = guide(
        GOOD_POINTS,
        "<script>alert(1)</script>\n[x](javascript:alert(1))\n",
        "112",
    )
    .replace("published = \"2025-03\"", "published = \"2025-13\"");
    let all = problems(&text);
    assert!(all.contains("line 65: raw HTML or script"), "{all}");
    assert!(all.contains("not allowed"), "{all}");
    assert!(
        all.contains("911 is not written in the emergency section"),
        "{all}"
    );
    assert!(all.contains("line 12, field `sources.published`"), "{all}");
}

#[test]
fn bare_years_and_months_need_their_precision_and_undated_needs_read_on() {
    let bare_year = guide(GOOD_POINTS, "", "911").replace(
        "published = \"2025-03\"\ndate_precision = \"month\"",
        "published = \"2025\"",
    );
    let all = problems(&bare_year);
    assert!(
        all.contains("cr/en.md, line 12, field `sources.published`: source \"s1\": \"2025\" is a bare year without date_precision"),
        "{all}"
    );
    let bare_month = guide(GOOD_POINTS, "", "911").replace("date_precision = \"month\"\n", "");
    assert!(
        problems(&bare_month).contains("\"2025-03\" is a year-month without date_precision"),
        "{}",
        problems(&bare_month)
    );
    let marked_year = guide(GOOD_POINTS, "", "911").replace(
        "published = \"2025-03\"\ndate_precision = \"month\"",
        "published = \"2025\"\ndate_precision = \"year\"",
    );
    assert_eq!(problems(&marked_year).matches("error").count(), 0);
    let no_read_on = guide(GOOD_POINTS, "", "911").replace("read_on = \"2026-11-27\"\n", "");
    assert!(
        problems(&no_read_on).contains(
            "line 20, field `sources.published`: source \"s2\": \"undated\" needs read_on"
        ),
        "{}",
        problems(&no_read_on)
    );
}

#[test]
fn old_and_half_dating_and_unknown_tiers_are_refused() {
    let old = guide(GOOD_POINTS, "", "911").replace("compiled_on", "reviewed_on");
    assert!(
        problems(&old)
            .contains("cr/en.md, line 5, field `reviewed_on`: reviewed_on no longer exists"),
        "{}",
        problems(&old)
    );
    let half = guide(GOOD_POINTS, "", "911").replace(
        "compiled_on = \"2026-11-27\"",
        "compiled_on = \"2026-11-27\"\nfield_reviewed_on = \"2027-01-15\"",
    );
    assert!(
        problems(&half).contains(
            "line 6, field `field_reviewed_on`: a field review date without field_reviewed_by"
        ),
        "{}",
        problems(&half)
    );
    let reviewed = guide(GOOD_POINTS, "", "911").replace(
        "compiled_on = \"2026-11-27\"",
        "compiled_on = \"2026-11-27\"\nfield_reviewed_on = \"2027-01-15\"\nfield_reviewed_by = \"Red Clamor\"",
    );
    let mut diagnostics = Diagnostics::default();
    let parsed = parse_guide(&reviewed, "cr/en.md", &mut diagnostics).unwrap();
    assert_eq!(parsed.dating.field_review.unwrap().by, "Red Clamor");
    let gov = guide(GOOD_POINTS, "", "911").replace("tier = \"official\"", "tier = \"gov\"");
    assert!(
        problems(&gov).contains("line 11: front matter: unknown variant `gov`"),
        "{}",
        problems(&gov)
    );
}

#[test]
fn key_points_limits_are_errors_with_lines() {
    let six =
        "- One. [@s1]\n- Two. [@s1]\n- Three. [@s1]\n- Four. [@s1]\n- Five. [@s1]\n- Six. [@s1]";
    assert!(
        problems(&guide(six, "", "911")).contains(&format!(
            "line {KEY_POINTS_LINE}, field `section key-points`: 6 key points (expected: at most 5)"
        )),
        "{}",
        problems(&guide(six, "", "911"))
    );
    let long = "- Short one. [@s1]\n- This sentence has far too many words for a tired reader to take in. [@s1]";
    assert!(
        problems(&guide(long, "", "911")).contains(&format!(
            "line {}, field `section key-points`: a sentence of 14 words",
            KEY_POINTS_LINE + 3
        )),
        "{}",
        problems(&guide(long, "", "911"))
    );
    let uncited = "- Asking for asylum is free. [@s1]\n- Call 911.";
    assert!(
        problems(&guide(uncited, "", "911")).contains("key point 2 cites no source"),
        "{}",
        problems(&guide(uncited, "", "911"))
    );
    let prose = "Some prose first. [@s1]\n\n- A point. [@s1]";
    assert!(problems(&guide(prose, "", "911")).contains("key-points holds only a bullet list"));
    let wordy: String = (0..5)
        .map(|_| "- One two three four five six seven eight. Nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen. [@s1]\n")
        .collect();
    assert!(
        problems(&guide(&wordy, "", "911"))
            .contains("85 words (expected: at most 80 words in all)"),
        "{}",
        problems(&guide(&wordy, "", "911"))
    );
    assert_eq!(
        problems(&guide(GOOD_POINTS, "", "911"))
            .matches("error")
            .count(),
        0
    );
}

#[test]
fn sections_must_be_the_seven_in_order() {
    let no_key_points = guide(GOOD_POINTS, "", "911").replace("{#key-points}", "{#summary}");
    assert!(
        problems(&no_key_points).contains("sections are [\"summary\", \"entry\""),
        "{}",
        problems(&no_key_points)
    );
}
