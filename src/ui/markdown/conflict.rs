//! `> [!conflict]`: a block quote marked as sources that disagree.

use super::parse::{Container, Node};

/// The marker that opens a conflict block (see `data/guides/FORMAT.md`).
pub(super) const CONFLICT_MARKER: &str = "[!conflict]";

/// A block quote whose first paragraph opens with `[!conflict]` becomes a [`Container::Conflict`] without
/// the marker; any other quote stays a quote.
pub(super) fn quote_or_conflict(mut children: Vec<Node>) -> Node {
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
