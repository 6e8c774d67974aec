//! The browser's side of the web build (feature `web` on wasm32): the default bundle fetched as its own file
//! (the service worker caches it, so it is downloaded once) and handed to [`crate::catalog`] only after its
//! pinned sha256 check, the user database kept as an image in `localStorage` (see [`crate::store::user_image`]
//! and ARCHITECTURE.md for why not OPFS), and the browser's geolocation, asked only when the person taps
//! "use my location".

use crate::model::LatLon;
use crate::store::{StoreError, UserStore};
use crate::ui::launch::LaunchOptions;
use crate::ui::state::Boot;
use base64::Engine;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The file beside `index.html` that holds the default bundle (`.ci/web-build` copies `data/default.paso`).
pub const DEFAULT_BUNDLE_FILE: &str = "default.paso";

/// The `localStorage` key of the user database image (base64 of the SQLite file).
pub const USER_DB_KEY: &str = "paso.user.sqlite";

/// What can go wrong reaching the browser.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No `window` (not running in a page).
    #[error("no browser window")]
    NoWindow,
    /// The browser refused or failed a call.
    #[error("the browser said: {0}")]
    Browser(String),
    /// The default bundle's file did not come (`status` is the HTTP status).
    #[error("{DEFAULT_BUNDLE_FILE} answered HTTP {0}")]
    Status(u16),
}

impl From<JsValue> for WebError {
    fn from(value: JsValue) -> Self {
        WebError::Browser(format!("{value:?}"))
    }
}

fn window() -> Result<web_sys::Window, WebError> {
    web_sys::window().ok_or(WebError::NoWindow)
}

/// Fetches the default bundle's bytes (from the service worker's cache when offline).
pub async fn fetch_default_bundle() -> Result<Vec<u8>, WebError> {
    let response: web_sys::Response = JsFuture::from(window()?.fetch_with_str(DEFAULT_BUNDLE_FILE))
        .await?
        .dyn_into()?;
    if !response.ok() {
        return Err(WebError::Status(response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

fn storage() -> Result<web_sys::Storage, WebError> {
    window()?
        .local_storage()?
        .ok_or_else(|| WebError::Browser("no localStorage".into()))
}

/// Opens the user database from its stored image (a new one when there is none) and keeps every change
/// there. A stored image that does not open is left as it is and the session runs in memory, as a damaged
/// file does on desktop.
pub fn open_user_store() -> Result<UserStore, StoreError> {
    let storage = storage().map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let stored = storage.get_item(USER_DB_KEY).ok().flatten();
    let bytes = match stored {
        Some(text) => base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map_err(|e| StoreError::Corrupt(format!("stored user data: {e}")))?,
        None => Vec::new(),
    };
    let mut user = UserStore::from_image(&bytes)?;
    user.save_with(Box::new(move |image| {
        let text = base64::engine::general_purpose::STANDARD.encode(image);
        storage
            .set_item(USER_DB_KEY, &text)
            .map_err(|e| format!("{e:?}"))
    }));
    Ok(user)
}

/// Everything the app opens at start in a browser: the fetched default bundle (refused unless it hashes to
/// the pin), the user database from browser storage, no data directory.
pub async fn boot(options: &LaunchOptions) -> Boot {
    match fetch_default_bundle().await {
        Ok(bytes) => {
            if let Err(error) = crate::catalog::provide_default_bundle(bytes) {
                log::warn!("{DEFAULT_BUNDLE_FILE} refused: {error}");
            }
        }
        Err(error) => log::warn!("{DEFAULT_BUNDLE_FILE} could not be read: {error}"),
    }
    crate::ui::launch::boot_with(options, None, open_user_store())
}

/// Asks the browser for the position once (coarse is enough); `done` gets `None` when the person refuses,
/// the browser has none, or it takes longer than 20 s.
pub fn locate(done: impl FnOnce(Option<LatLon>) + 'static) {
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let answer = {
        let done = done.clone();
        move |position: Option<LatLon>| {
            if let Some(done) = done.borrow_mut().take() {
                done(position);
            }
        }
    };
    let geolocation = match window().and_then(|w| w.navigator().geolocation().map_err(Into::into)) {
        Ok(geolocation) => geolocation,
        Err(error) => {
            log::warn!("no geolocation: {error}");
            answer(None);
            return;
        }
    };
    let on_position = {
        let answer = answer.clone();
        Closure::once(move |position: web_sys::Position| {
            let coords = position.coords();
            let here = LatLon::new(coords.latitude(), coords.longitude());
            answer(here.is_valid().then_some(here));
        })
    };
    let on_error = {
        let answer = answer.clone();
        Closure::once(move |_: web_sys::PositionError| answer(None))
    };
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(false);
    options.set_timeout(20_000);
    options.set_maximum_age(600_000);
    if let Err(error) = geolocation.get_current_position_with_error_callback_and_options(
        on_position.as_ref().unchecked_ref(),
        Some(on_error.as_ref().unchecked_ref()),
        &options,
    ) {
        log::warn!("geolocation failed: {error:?}");
        answer(None);
    }
    // The browser calls one of them later, once; they must outlive this call.
    on_position.forget();
    on_error.forget();
}
