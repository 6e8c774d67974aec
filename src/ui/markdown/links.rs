//! Where a guide link may go (web, a place category, a place, or nowhere) and which labels are citations.

use crate::model::{Category, PlaceId};

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

/// The source ids in a citation label such as `@a, @b` (or `None` when it is not a citation).
pub(super) fn citation_ids(label: &str) -> Option<Vec<String>> {
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
