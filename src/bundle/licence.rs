//! The licence gate: only rows whose licence is on the allowlist may enter a bundle.

/// Paso's own editorial licence, for the curated route points and the guides the editors write.
pub const EDITORIAL_LICENCE: &str = "LicenseRef-Paso-Editorial";

/// Licences a bundle may ship, as SPDX-style ids.
pub const ALLOWED_LICENCES: &[&str] = &[
    "CC0-1.0",
    "public-domain",
    "CC-BY-4.0",
    "ODbL-1.0",
    "MIT",
    EDITORIAL_LICENCE,
];

/// The gate's answer for one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LicenceDecision {
    /// Allowed, under this normalised id.
    Allowed(&'static str),
    /// Refused; the row stays out of the bundle.
    Refused {
        /// The licence text as the source gives it.
        licence: String,
        /// Why.
        reason: String,
    },
}

/// Maps a source's licence text to an allowlisted id: `"CC0-1.0 (Wikidata)"` → `CC0-1.0`,
/// `"CC BY 4.0"` → `CC-BY-4.0`, `"Public Domain"` → `public-domain`.
pub fn normalise(raw: &str) -> Option<&'static str> {
    let key: String = raw
        .split('(')
        .next()
        .unwrap_or("")
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    match key.as_str() {
        "cc010" | "cc0" => Some("CC0-1.0"),
        "publicdomain" | "pd" => Some("public-domain"),
        "ccby40" => Some("CC-BY-4.0"),
        "odbl10" | "odbl" => Some("ODbL-1.0"),
        "mit" => Some("MIT"),
        "licenserefpasoeditorial" => Some(EDITORIAL_LICENCE),
        _ => None,
    }
}

/// Decides whether a row may ship. `source_status` is an upstream flag such as `bundle_status`
/// (`ready` or `needs_licence_check`); anything but `ready` or empty is refused too.
pub fn gate(raw_licence: &str, source_status: Option<&str>) -> LicenceDecision {
    let licence = raw_licence.trim();
    if licence.is_empty() {
        return LicenceDecision::Refused {
            licence: String::new(),
            reason: "no licence is stated".into(),
        };
    }
    match (normalise(licence), source_status.map(str::trim)) {
        (Some(id), None | Some("") | Some("ready")) => LicenceDecision::Allowed(id),
        (Some(_), Some(status)) => LicenceDecision::Refused {
            licence: licence.to_string(),
            reason: format!("the source marks it {status:?}"),
        },
        (None, _) => LicenceDecision::Refused {
            licence: licence.to_string(),
            reason: format!(
                "licence {licence:?} is not on the allowlist ({})",
                ALLOWED_LICENCES.join(", ")
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowlisted_licences_pass_under_their_spdx_id() {
        assert_eq!(
            gate("CC0-1.0 (Wikidata)", Some("ready")),
            LicenceDecision::Allowed("CC0-1.0")
        );
        assert_eq!(
            gate("CC BY 4.0", None),
            LicenceDecision::Allowed("CC-BY-4.0")
        );
        assert_eq!(gate("ODbL 1.0", None), LicenceDecision::Allowed("ODbL-1.0"));
        assert_eq!(
            gate(EDITORIAL_LICENCE, None),
            LicenceDecision::Allowed(EDITORIAL_LICENCE)
        );
    }

    #[test]
    fn unclear_licences_are_refused_and_named() {
        let decision = gate(
            "not stated in repository (IGN Costa Rica / SNIT layer)",
            Some("needs_licence_check"),
        );
        let LicenceDecision::Refused { licence, reason } = decision else {
            panic!("an unstated licence must be refused")
        };
        assert!(licence.starts_with("not stated"));
        assert!(reason.contains("not stated in repository"), "{reason}");
        assert!(matches!(
            gate("CC-BY-NC-4.0", None),
            LicenceDecision::Refused { .. }
        ));
        assert!(matches!(gate("", None), LicenceDecision::Refused { .. }));
        assert!(matches!(
            gate("CC0-1.0", Some("needs_licence_check")),
            LicenceDecision::Refused { .. }
        ));
    }
}
