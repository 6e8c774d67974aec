//! Safe rendering of guide Markdown into Dioxus elements: no raw HTML ever, no images, links only to the web
//! (new window), to a place category or a place in the app; `[@source-id]` citations become numbered links
//! to the guide's source list; a `> [!conflict]` block becomes a box headed "Sources disagree" in the
//! reader's language.
//!
//! Parsing ([`parse()`]) is a pure function from text to a small tree of [`Node`]s; [`GuideMarkdown`] draws the
//! tree. HTML in the text is kept as text, so Dioxus escapes it like any other text.
//!
//! [`links`] sorts link destinations and reads citation labels; [`parse`](mod@parse) builds the tree;
//! [`conflict`] turns a marked quote into the "Sources disagree" box; [`render`] draws the tree.

pub mod conflict;
pub mod links;
pub mod parse;
pub mod render;

pub use links::{classify_link, LinkTarget};
pub use parse::{parse, plain_text, Container, Node};
pub use render::{GuideMarkdown, GuideMarkdownProps};

#[cfg(test)]
mod tests;
