//! Stable `data-action` values and input ids, shared by screens, the app shell and tests.

/// Stable `data-action` values on the buttons that change things, for tests and UI automation.
pub mod action {
    /// The header's quick exit.
    pub const QUICK_EXIT: &str = "quick-exit";
    /// Settings: ask to clear all data.
    pub const CLEAR: &str = "clear";
    /// Settings: confirm clearing all data.
    pub const CLEAR_CONFIRM: &str = "clear-confirm";
    /// Outbox: send the waiting reports to the report server.
    pub const SEND_NOW: &str = "send-now";
    /// Settings: use the staff token typed.
    pub const STAFF_SAVE: &str = "staff-save";
    /// Settings: remove the staff token.
    pub const STAFF_REMOVE: &str = "staff-remove";
    /// Place: open the visit form (staff mode).
    pub const VERIFY: &str = "verify";
    /// Outbox: report a place that is missing.
    pub const NEW_PLACE: &str = "new-place";
    /// Outbox: export reports.
    pub const EXPORT: &str = "export";
    /// Outbox: a field worker received the exported reports.
    pub const MARK_SENT: &str = "mark-sent";
    /// Place: save or unsave.
    pub const SAVE: &str = "save";
    /// Place: show the share text.
    pub const SHARE: &str = "share";
    /// First run: continue to Near me.
    pub const CONTINUE: &str = "continue";
    /// Settings: install the data file whose path was typed.
    pub const UPDATE_FILE: &str = "update-file";
    /// Any error message: copy the internal details for support (never shown on the page).
    pub const COPY_DETAILS: &str = "copy-details";
    /// Settings: check the typed update address.
    pub const UPDATE_CHECK: &str = "update-check";
    /// Settings: save a copy of the data in use, to pass it on.
    pub const SHARE_DATA: &str = "share-data";
}

/// Stable ids of input fields, for labels, tests and UI automation.
pub mod field {
    /// Settings: the path of a data file to install.
    pub const UPDATE_FILE: &str = "update-file";
    /// Settings: the update address (a `latest.json`).
    pub const UPDATE_ADDRESS: &str = "update-address";
    /// Settings: the folder or file a copy of the data is saved to.
    pub const SHARE_TO: &str = "share-to";
    /// First run and settings: the box that filters the nationality buttons.
    pub const NATIONALITY_FILTER: &str = "nationality-filter";
    /// Visit: "I checked the phone number".
    pub const VERIFY_PHONE_CHECKED: &str = "verify-phone-checked";
    /// Visit: the phone number found.
    pub const VERIFY_PHONE: &str = "verify-phone";
    /// Visit: "I checked the opening hours".
    pub const VERIFY_HOURS_CHECKED: &str = "verify-hours-checked";
    /// Visit: the hours found.
    pub const VERIFY_HOURS: &str = "verify-hours";
    /// Visit: "I checked the services".
    pub const VERIFY_SERVICES_CHECKED: &str = "verify-services-checked";
    /// Visit: the services found.
    pub const VERIFY_SERVICES: &str = "verify-services";
    /// Visit: "I checked who it serves".
    pub const VERIFY_SERVES_CHECKED: &str = "verify-serves-checked";
    /// Visit: who it serves, as found.
    pub const VERIFY_SERVES: &str = "verify-serves";
    /// Visit: "I am at the door".
    pub const VERIFY_AT_DOOR: &str = "verify-at-door";
    /// Settings: the staff token.
    pub const STAFF_TOKEN: &str = "staff-token";
    /// Report: the "attach my position" box.
    pub const ATTACH_POSITION: &str = "attach-position";
}
