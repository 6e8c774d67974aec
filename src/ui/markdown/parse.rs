//! Guide Markdown to a small tree of [`Node`]s: a pure function, HTML kept as text, citations as nodes.

use super::conflict::quote_or_conflict;
use super::links::{citation_ids, classify_link, LinkTarget};
use pulldown_cmark::{
    BrokenLink, CowStr, Event as MdEvent, HeadingLevel, LinkType, Options, Parser, Tag,
};

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
