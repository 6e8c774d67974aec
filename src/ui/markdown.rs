//! Safe rendering of guide Markdown into Dioxus elements (no raw HTML ever).
//! (Placeholder: being written.)
