//! Draws a parsed guide body as Dioxus elements: safe links, numbered citations, the conflict box.

use super::links::LinkTarget;
use super::parse::{parse, Container, Node};
use crate::i18n::Localizer;
use crate::model::{GuideSource, PlaceId};
use dioxus::prelude::*;
use std::rc::Rc;

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
