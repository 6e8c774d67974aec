//! Safe rendering of guide Markdown into Dioxus elements: no raw HTML ever, no images, links only to the web
//! (new window), to a place category or a place in the app; `[@source-id]` citations become numbered links
//! to the guide's source list; a `> [!conflict]` block becomes a box headed "Sources disagree" in the
//! reader's language.
//!
//! Parsing ([`parse`]) is a pure function from text to a small tree of [`Node`]s; [`GuideMarkdown`] draws the
//! tree. HTML in the text is kept as text, so Dioxus escapes it like any other text.

use crate::i18n::Localizer;
use crate::model::{Category, GuideSource, PlaceId};
use dioxus::prelude::*;
use pulldown_cmark::{
    BrokenLink, CowStr, Event as MdEvent, HeadingLevel, LinkType, Options, Parser, Tag,
};
use std::rc::Rc;

/// Where a link in a guide goes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// An `http://` or `https://` page, opened outside the app.
    Web(String),
    /// `paso:category/<category>`: the places of that category.
    Category(Category),
    /// `paso:place/<id>`: one place.
    Place(PlaceId),
    /// Anything else (`javascript:`, `data:`, `file:`, relative…): shown as plain text, never followed.
    Refused,
}

/// Sorts a link's destination into what the app may follow.
pub fn classify_link(url: &str) -> LinkTarget {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if clean && (lower.starts_with("https://") || lower.starts_with("http://")) && url.len() > 8 {
        return LinkTarget::Web(url.to_string());
    }
    if let Some(category) = url.strip_prefix("paso:category/") {
        return category
            .parse::<Category>()
            .map(LinkTarget::Category)
            .unwrap_or(LinkTarget::Refused);
    }
    if let Some(id) = url.strip_prefix("paso:place/").filter(|id| !id.is_empty()) {
        if clean {
            return LinkTarget::Place(PlaceId(id.to_string()));
        }
    }
    LinkTarget::Refused
}

/// Block and inline containers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Container {
    /// `<p>`.
    Paragraph,
    /// `<h3>` (Markdown levels 1 and 2: the guide screen owns the bigger headings).
    Heading3,
    /// `<h4>` (Markdown levels 3 to 6).
    Heading4,
    /// `<ul>`, or `<ol>` with its first number.
    List(Option<u64>),
    /// `<li>`.
    Item,
    /// `<blockquote>`.
    Quote,
    /// `> [!conflict]`: a box headed "Sources disagree", the marker itself removed.
    Conflict,
    /// `<pre><code>`, as text.
    CodeBlock,
    /// `<em>`.
    Emphasis,
    /// `<strong>`.
    Strong,
    /// `<del>`.
    Strike,
}

/// One piece of a parsed guide body.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Text (HTML in the source ends up here too, as text).
    Text(String),
    /// Inline code, as text.
    Code(String),
    /// A hard line break.
    LineBreak,
    /// A thematic break.
    Rule,
    /// A container and its children.
    Block(Container, Vec<Node>),
    /// A link and its text.
    Link(LinkTarget, Vec<Node>),
    /// `[@a, @b]`: the cited source ids, in order.
    Cite(Vec<String>),
}

/// What an open tag becomes when it closes.
enum Open {
    Node(Container),
    Link(LinkTarget),
    Cite(Vec<String>),
    /// Kept for its text only (images, raw HTML blocks, tables…).
    Transparent,
}

/// The source ids in a citation label such as `@a, @b` (or `None` when it is not a citation).
fn citation_ids(label: &str) -> Option<Vec<String>> {
    let label = label.trim();
    if !label.starts_with('@') {
        return None;
    }
    let ids: Vec<String> = label
        .split([',', ';'])
        .map(|id| id.trim().trim_start_matches('@').trim().to_string())
        .filter(|id| !id.is_empty())
        .collect();
    (!ids.is_empty()).then_some(ids)
}

fn push(children: &mut Vec<Node>, node: Node) {
    if let (Some(Node::Text(last)), Node::Text(text)) = (children.last_mut(), &node) {
        last.push_str(text);
        return;
    }
    children.push(node);
}

/// Parses a guide body (CommonMark with strikethrough) into [`Node`]s.
pub fn parse(body: &str) -> Vec<Node> {
    // `[@id]` has no link definition: the callback turns it into a link whose destination is its label.
    let mut callback = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        citation_ids(&link.reference)
            .map(|_| (CowStr::from(link.reference.to_string()), CowStr::from("")))
    };
    let parser = Parser::new_with_broken_link_callback(
        body,
        Options::ENABLE_STRIKETHROUGH,
        Some(&mut callback),
    );
    let mut stack: Vec<(Open, Vec<Node>)> = vec![(Open::Transparent, Vec::new())];
    for event in parser {
        match event {
            MdEvent::Start(tag) => {
                let open = match tag {
                    Tag::Paragraph => Open::Node(Container::Paragraph),
                    Tag::Heading { level, .. } => {
                        Open::Node(if matches!(level, HeadingLevel::H1 | HeadingLevel::H2) {
                            Container::Heading3
                        } else {
                            Container::Heading4
                        })
                    }
                    Tag::BlockQuote(_) => Open::Node(Container::Quote),
                    Tag::CodeBlock(_) => Open::Node(Container::CodeBlock),
                    Tag::List(start) => Open::Node(Container::List(start)),
                    Tag::Item => Open::Node(Container::Item),
                    Tag::Emphasis => Open::Node(Container::Emphasis),
                    Tag::Strong => Open::Node(Container::Strong),
                    Tag::Strikethrough => Open::Node(Container::Strike),
                    Tag::Link {
                        link_type:
                            LinkType::ShortcutUnknown
                            | LinkType::CollapsedUnknown
                            | LinkType::ReferenceUnknown,
                        dest_url,
                        ..
                    } => match citation_ids(&dest_url) {
                        Some(ids) => Open::Cite(ids),
                        None => Open::Link(LinkTarget::Refused),
                    },
                    Tag::Link { dest_url, .. } => Open::Link(classify_link(&dest_url)),
                    _ => Open::Transparent,
                };
                stack.push((open, Vec::new()));
            }
            MdEvent::End(_) => {
                if stack.len() < 2 {
                    continue;
                }
                let (open, children) = stack.pop().unwrap_or((Open::Transparent, Vec::new()));
                let parent = &mut stack.last_mut().expect("the root stays").1;
                match open {
                    Open::Node(Container::Quote) => parent.push(quote_or_conflict(children)),
                    Open::Node(container) => parent.push(Node::Block(container, children)),
                    Open::Link(target) => parent.push(Node::Link(target, children)),
                    Open::Cite(ids) => parent.push(Node::Cite(ids)),
                    Open::Transparent => children.into_iter().for_each(|n| push(parent, n)),
                }
            }
            other => {
                let node = match other {
                    MdEvent::Text(text) | MdEvent::Html(text) | MdEvent::InlineHtml(text) => {
                        Node::Text(text.into_string())
                    }
                    MdEvent::InlineMath(text) | MdEvent::DisplayMath(text) => {
                        Node::Text(text.into_string())
                    }
                    MdEvent::Code(code) => Node::Code(code.into_string()),
                    MdEvent::SoftBreak => Node::Text(" ".into()),
                    MdEvent::HardBreak => Node::LineBreak,
                    MdEvent::Rule => Node::Rule,
                    MdEvent::FootnoteReference(label) => Node::Text(format!("[^{label}]")),
                    MdEvent::TaskListMarker(done) => {
                        Node::Text(if done { "[x] " } else { "[ ] " }.into())
                    }
                    MdEvent::Start(_) | MdEvent::End(_) => continue,
                };
                let children = &mut stack.last_mut().expect("the root stays").1;
                push(children, node);
            }
        }
    }
    // Unclosed tags cannot happen with pulldown-cmark, but fold anything left into the root.
    while stack.len() > 1 {
        let (_, children) = stack.pop().unwrap_or((Open::Transparent, Vec::new()));
        let parent = &mut stack.last_mut().expect("the root stays").1;
        children.into_iter().for_each(|n| push(parent, n));
    }
    stack.pop().map(|(_, nodes)| nodes).unwrap_or_default()
}

/// The marker that opens a conflict block (see `data/guides/FORMAT.md`).
const CONFLICT_MARKER: &str = "[!conflict]";

/// A block quote whose first paragraph opens with `[!conflict]` becomes a [`Container::Conflict`] without
/// the marker; any other quote stays a quote.
fn quote_or_conflict(mut children: Vec<Node>) -> Node {
    let marked = matches!(
        children.first(),
        Some(Node::Block(Container::Paragraph, first))
            if matches!(first.first(), Some(Node::Text(t)) if t.trim_start().starts_with(CONFLICT_MARKER))
    );
    if !marked {
        return Node::Block(Container::Quote, children);
    }
    if let Some(Node::Block(_, first)) = children.first_mut() {
        if let Some(Node::Text(text)) = first.first_mut() {
            *text = text.trim_start()[CONFLICT_MARKER.len()..]
                .trim_start()
                .to_string();
            if text.is_empty() {
                first.remove(0);
            }
        }
        if first.is_empty() {
            children.remove(0);
        }
    }
    Node::Block(Container::Conflict, children)
}

/// The text of a parsed body, without markup: for tests and plain-text sharing.
pub fn plain_text(nodes: &[Node]) -> String {
    let mut out = String::new();
    fn walk(nodes: &[Node], out: &mut String) {
        for node in nodes {
            match node {
                Node::Text(t) | Node::Code(t) => out.push_str(t),
                Node::LineBreak => out.push('\n'),
                Node::Rule => out.push_str("\n---\n"),
                Node::Block(_, children) | Node::Link(_, children) => walk(children, out),
                Node::Cite(_) => {}
            }
        }
    }
    walk(nodes, &mut out);
    out
}

/// A few rules so in-app links and citations look like links (the app stylesheet may override them).
const MARKDOWN_CSS: &str = "
.paso-md-link { font: inherit; color: #0b3d91; background: none; border: 0; margin: 0;
  padding: 0.25rem 0; min-height: 2.75rem; text-decoration: underline; cursor: pointer; text-align: left; }
.paso-md-link:focus-visible, .paso-cite a:focus-visible { outline: 3px solid #ffbf00; outline-offset: 2px; }
.paso-cite { font-size: 0.8em; font-weight: 700; line-height: 0; white-space: nowrap; }
.paso-cite a { color: #0b3d91; display: inline-block; min-width: 1.25rem; padding: 0.75rem 0.125rem;
  margin: -0.75rem 0; text-align: center; }
.paso-md pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.paso-conflict { border: 2px solid #b45309; background: #fff7ed; border-radius: 0.5rem;
  padding: 0.5rem 0.75rem; margin: 0.75rem 0; }
.paso-conflict-title { font-weight: 700; color: #7c2d12; margin: 0 0 0.25rem; }
";

#[derive(Clone)]
struct Ctx {
    sources: Rc<Vec<GuideSource>>,
    anchor_prefix: Rc<str>,
    conflict_heading: Rc<str>,
    on_category: EventHandler<String>,
    on_place: Option<EventHandler<PlaceId>>,
}

/// A guide section's body, rendered safely.
///
/// `sources` is the guide's source list: a citation shows the 1-based index of its source there, with the
/// source's title as tooltip, and points to the element with id `src-<source id>` (which the screen draws).
/// `paso:category/<c>` links call `on_category("<c>")`; `paso:place/<id>` links call `on_place` when given,
/// and are plain text otherwise. `anchor_prefix` (default `src-`) names the source list's element ids, so
/// a card's citations point to the card's own list. The conflict box is headed in `lang` when given, else
/// in the app's language, else in Spanish.
#[component]
pub fn GuideMarkdown(
    body: String,
    sources: Vec<GuideSource>,
    on_category: EventHandler<String>,
    on_place: Option<EventHandler<PlaceId>>,
    #[props(default)] anchor_prefix: Option<String>,
    #[props(default)] lang: Option<String>,
) -> Element {
    let nodes = use_memo(use_reactive!(|body| Rc::new(parse(&body))));
    let app_language = try_use_context::<Memo<Localizer>>();
    let tr = match (lang, app_language) {
        (Some(lang), _) => Localizer::new(&lang),
        (None, Some(memo)) => memo.read().clone(),
        (None, None) => Localizer::new(crate::i18n::DEFAULT_LANGUAGE),
    };
    let ctx = Ctx {
        anchor_prefix: anchor_prefix.unwrap_or_else(|| "src-".into()).into(),
        conflict_heading: tr.tr("markdown-conflict-heading").into(),
        sources: Rc::new(sources),
        on_category,
        on_place,
    };
    let nodes = nodes();
    rsx! {
        div { class: "paso-md",
            style { {MARKDOWN_CSS} }
            {nodes.iter().map(|n| render(n, &ctx))}
        }
    }
}

fn render_all(nodes: &[Node], ctx: &Ctx) -> Element {
    rsx! { {nodes.iter().map(|n| render(n, ctx))} }
}

fn render(node: &Node, ctx: &Ctx) -> Element {
    match node {
        Node::Text(text) => rsx! { "{text}" },
        Node::Code(text) => rsx! { code { "{text}" } },
        Node::LineBreak => rsx! { br {} },
        Node::Rule => rsx! { hr {} },
        Node::Block(container, children) => {
            let inner = render_all(children, ctx);
            match container {
                Container::Paragraph => rsx! { p { {inner} } },
                Container::Heading3 => rsx! { h3 { {inner} } },
                Container::Heading4 => rsx! { h4 { {inner} } },
                Container::List(None) => rsx! { ul { {inner} } },
                Container::List(Some(start)) => rsx! { ol { start: "{start}", {inner} } },
                Container::Item => rsx! { li { {inner} } },
                Container::Quote => rsx! { blockquote { {inner} } },
                Container::Conflict => rsx! {
                    aside { class: "paso-conflict", role: "note",
                        p { class: "paso-conflict-title", "{ctx.conflict_heading}" }
                        {inner}
                    }
                },
                Container::CodeBlock => rsx! { pre { code { {inner} } } },
                Container::Emphasis => rsx! { em { {inner} } },
                Container::Strong => rsx! { strong { {inner} } },
                Container::Strike => rsx! { del { {inner} } },
            }
        }
        Node::Link(target, children) => {
            let inner = render_all(children, ctx);
            match target {
                LinkTarget::Web(url) => rsx! {
                    a {
                        class: "paso-md-web",
                        href: "{url}",
                        target: "_blank",
                        rel: "noopener noreferrer",
                        {inner}
                    }
                },
                LinkTarget::Category(category) => {
                    let on_category = ctx.on_category;
                    let category = category.as_str().to_string();
                    rsx! {
                        button {
                            r#type: "button",
                            class: "paso-md-link",
                            "data-category": "{category}",
                            onclick: move |_| on_category.call(category.clone()),
                            {inner}
                        }
                    }
                }
                LinkTarget::Place(id) => match ctx.on_place {
                    Some(on_place) => {
                        let id = id.clone();
                        rsx! {
                            button {
                                r#type: "button",
                                class: "paso-md-link",
                                "data-place": "{id}",
                                onclick: move |_| on_place.call(id.clone()),
                                {inner}
                            }
                        }
                    }
                    None => rsx! { span { class: "paso-md-place", {inner} } },
                },
                LinkTarget::Refused => rsx! { span { class: "paso-md-refused", {inner} } },
            }
        }
        Node::Cite(ids) => {
            let cited: Vec<(String, Option<(usize, String)>)> = ids
                .iter()
                .map(|id| {
                    let found = ctx
                        .sources
                        .iter()
                        .position(|s| &s.id == id)
                        .map(|i| (i + 1, ctx.sources[i].title.clone()));
                    (id.clone(), found)
                })
                .collect();
            let prefix = ctx.anchor_prefix.clone();
            rsx! {
                sup { class: "paso-cite",
                    for (i, (id, found)) in cited.into_iter().enumerate() {
                        if i > 0 { "," }
                        match found {
                            Some((number, title)) => rsx! {
                                a {
                                    href: "#{prefix}{id}",
                                    title: "{title}",
                                    onclick: {
                                        let anchor = format!("{prefix}{id}");
                                        move |e: Event<MouseData>| {
                                            e.prevent_default();
                                            scroll_to_source(&anchor);
                                        }
                                    },
                                    "{number}"
                                }
                            },
                            None => rsx! { span { title: "{id}", "?" } },
                        }
                    }
                }
            }
        }
    }
}

/// Brings the source list entry with element id `anchor` into view (in-page anchors are not followed by
/// every renderer).
fn scroll_to_source(anchor: &str) {
    let safe: String = anchor
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let script = format!(
        "const e = document.getElementById('{safe}'); if (e) {{ if (e.closest('details')) e.closest('details').open = true; e.scrollIntoView({{block: 'center'}}); }}"
    );
    let _ = document::eval(&script);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::i18n::Lang;
    use crate::model::{CountryCode, GUIDE_SECTIONS};

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
        let nodes =
            parse("Un hecho. [@a] Otro. [@b, @c]\n\nNo es cita: [nota] y [x](javascript:y).");
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
        let body =
            "> [!conflict]\n> A dice 4 a 8 años [@a]. B dice 2 a 6 años [@b].\n\n> una cita\n";
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
}
