//! The browser's side of the web build (feature `web` on wasm32): the default bundle fetched as its own file
//! (the service worker caches it, so it is downloaded once) and handed to [`crate::catalog`] only after its
//! pinned sha256 check, the user database kept as an image in `localStorage` (see [`crate::store::user_image`]
//! and ARCHITECTURE.md for why not OPFS), the installed updates kept in the browser's Cache Storage (read
//! into [`crate::update::files`] at start, written back as they change, so `update` runs the same install
//! and checks as on desktop), a copy of the data in use given as a download ("Pass it on"), and the
//! browser's geolocation, asked only when the person taps "use my location".

use crate::bundle::TrustedKeys;
use crate::model::LatLon;
use crate::store::{StoreError, UserStore};
use crate::ui::launch::LaunchOptions;
use crate::ui::state::Boot;
use crate::update::index::MAX_INDEX_BYTES;
use crate::update::layout::Layout;
use crate::update::offer::{self, Bounds, Download, FetchOptions, Offer, Pace};
use crate::update::{InstallOutcome, Progress, Stage, UpdateError};
use base64::Engine;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The file beside `index.html` that holds the default bundle (`.ci/web-build` copies `data/default.paso`).
pub const DEFAULT_BUNDLE_FILE: &str = "default.paso";

/// The `localStorage` key of the user database image (base64 of the SQLite file).
pub const USER_DB_KEY: &str = "paso.user.sqlite";

/// The web build's data folder: no real folder, the names [`crate::update::files`] keeps in memory.
pub const DATA_DIR: &str = "/paso";

/// The Cache Storage cache that keeps installed updates. Its name does not start with `paso-`: the service
/// worker deletes those caches when a new version of the app arrives.
pub const BUNDLES_CACHE: &str = "installed-data";

/// The files of `DATA_DIR/bundles/` worth keeping across reloads.
const KEPT_FILES: [&str; 4] = ["current.paso", "previous.paso", "state.json", "root.json"];

/// Publisher keys this build trusts besides the built-in ones: `PASO_WEB_TRUST` when it was compiled
/// (`.ci/web-build --trust FILE` sets it to that public key file's text).
pub const BUILD_TRUST: Option<&str> = option_env!("PASO_WEB_TRUST");

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
    body_bytes(&response).await
}

/// The whole body of a response.
async fn body_bytes(response: &web_sys::Response) -> Result<Vec<u8>, WebError> {
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

/// The address, inside [`BUNDLES_CACHE`], under which a kept file is stored (relative to the page).
fn kept_url(name: &str) -> String {
    format!("{BUNDLES_CACHE}/{name}")
}

async fn bundles_cache() -> Result<web_sys::Cache, WebError> {
    let caches = window()?.caches()?;
    Ok(JsFuture::from(caches.open(BUNDLES_CACHE))
        .await?
        .dyn_into()?)
}

async fn read_kept(cache: &web_sys::Cache, name: &str) -> Result<Option<Vec<u8>>, WebError> {
    let hit = JsFuture::from(cache.match_with_str(&kept_url(name))).await?;
    if hit.is_undefined() {
        return Ok(None);
    }
    let response: web_sys::Response = hit.dyn_into()?;
    Ok(Some(body_bytes(&response).await?))
}

async fn write_kept(
    cache: &web_sys::Cache,
    name: &str,
    bytes: Option<Vec<u8>>,
) -> Result<(), WebError> {
    let url = kept_url(name);
    match bytes {
        Some(mut bytes) => {
            let response = web_sys::Response::new_with_opt_u8_array(Some(&mut bytes))?;
            JsFuture::from(cache.put_with_str(&url, &response)).await?;
        }
        None => {
            JsFuture::from(cache.delete_with_str(&url)).await?;
        }
    }
    Ok(())
}

/// Reads the kept update files from Cache Storage into [`crate::update::files`] under [`DATA_DIR`], and
/// writes every later change of them back (in the order they happen). Without Cache Storage (a page not
/// served from a secure origin) there is nowhere to keep an update, and updates are not offered.
pub async fn mount_installed_bundles() -> Result<(), WebError> {
    let cache = bundles_cache().await?;
    let bundles = std::path::Path::new(DATA_DIR).join("bundles");
    let mut files = Vec::new();
    for name in KEPT_FILES {
        if let Some(bytes) = read_kept(&cache, name).await? {
            files.push((bundles.join(name), bytes));
        }
    }
    // Writes wait in one queue, drained by one task at a time, so they land in the order the install made
    // them (the bundle before the record that names it).
    type Pending = std::collections::VecDeque<(String, Option<Vec<u8>>)>;
    let queue = std::rc::Rc::new(std::cell::RefCell::new(Pending::new()));
    let draining = std::rc::Rc::new(std::cell::Cell::new(false));
    crate::update::files::mount(
        files,
        Box::new(move |path, bytes| {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                return;
            };
            if !KEPT_FILES.contains(&name.as_str()) {
                return;
            }
            queue
                .borrow_mut()
                .push_back((name, bytes.map(<[u8]>::to_vec)));
            if draining.replace(true) {
                return;
            }
            let (cache, queue, draining) = (cache.clone(), queue.clone(), draining.clone());
            wasm_bindgen_futures::spawn_local(async move {
                loop {
                    let next = queue.borrow_mut().pop_front();
                    let Some((name, bytes)) = next else { break };
                    if let Err(error) = write_kept(&cache, &name, bytes).await {
                        log::warn!("{name} could not be kept in the browser's storage: {error}");
                    }
                }
                draining.set(false);
            });
        }),
    );
    Ok(())
}

/// Gives `bytes` to the person as a download named `name` (the browser asks where, or saves to Downloads).
pub fn download(name: &str, bytes: &[u8]) -> Result<(), WebError> {
    let document = window()?
        .document()
        .ok_or_else(|| WebError::Browser("no document".into()))?;
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/octet-stream");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")?
        .dyn_into()
        .map_err(|_| WebError::Browser("no link element".into()))?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Everything the app opens at start in a browser: the fetched default bundle (refused unless it hashes to
/// the pin), the installed updates kept in Cache Storage (the data folder [`DATA_DIR`]), the user database
/// from browser storage, and the publisher keys named at build time.
pub async fn boot(options: &LaunchOptions) -> Boot {
    match fetch_default_bundle().await {
        Ok(bytes) => {
            if let Err(error) = crate::catalog::provide_default_bundle(bytes) {
                log::warn!("{DEFAULT_BUNDLE_FILE} refused: {error}");
            }
        }
        Err(error) => log::warn!("{DEFAULT_BUNDLE_FILE} could not be read: {error}"),
    }
    let data_dir = match mount_installed_bundles().await {
        Ok(()) => Some(std::path::PathBuf::from(DATA_DIR)),
        Err(error) => {
            log::warn!("no storage for updates in this browser ({error}); updates are not offered");
            None
        }
    };
    let mut options = options.clone();
    options
        .trusted_lists
        .extend(BUILD_TRUST.map(str::to_string));
    crate::ui::launch::boot_with(&options, data_dir, open_user_store())
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

/// Marks a timer that won a race against the network (no answer can be this string).
const TIMED_OUT: &str = "\u{0}paso: timed out";

/// Waits for `promise` at most `ms` milliseconds: `None` when the time ran out first.
async fn within(promise: js_sys::Promise, ms: f64) -> Result<Option<JsValue>, JsValue> {
    let timer = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_1(
                &resolve,
                ms.min(i32::MAX as f64) as i32,
                &JsValue::from_str(TIMED_OUT),
            );
        }
    });
    let first =
        JsFuture::from(js_sys::Promise::race(&js_sys::Array::of2(&promise, &timer))).await?;
    Ok((first.as_string().as_deref() != Some(TIMED_OUT)).then_some(first))
}

fn network(url: &str, what: impl std::fmt::Display) -> UpdateError {
    UpdateError::Network(format!("{url}: {what}"))
}

fn js_text(value: JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

fn origin_of(url: &str) -> Option<(String, Option<String>, Option<u16>)> {
    let base = window().ok()?.location().href().ok()?;
    let url = url::Url::parse(&base).ok()?.join(url).ok()?;
    Some((
        url.scheme().to_string(),
        url.host_str().map(str::to_ascii_lowercase),
        url.port_or_known_default(),
    ))
}

/// One download through the browser, under the same limits as the desktop fetcher ([`FetchOptions`]: the
/// deadline, the minimum rate, a silent server cut off after one rate window, no redirect to another
/// server). No cookies go with it and nothing comes from the HTTP cache.
struct BrowserDownload<'a> {
    url: &'a str,
    options: &'a FetchOptions,
    pace: Pace<'a>,
    reader: web_sys::ReadableStreamDefaultReader,
}

impl<'a> BrowserDownload<'a> {
    async fn start(url: &'a str, options: &'a FetchOptions) -> Result<Self, UpdateError> {
        let pace = Pace::start(options, url);
        let init = web_sys::RequestInit::new();
        init.set_cache(web_sys::RequestCache::NoStore);
        init.set_credentials(web_sys::RequestCredentials::Omit);
        let window = window().map_err(|e| network(url, e))?;
        let answer = within(
            window.fetch_with_str_and_init(url, &init),
            options.rate_window.as_millis() as f64,
        )
        .await
        .map_err(|e| network(url, js_text(e)))?
        .ok_or_else(|| network(url, "no answer"))?;
        let response: web_sys::Response = answer
            .dyn_into()
            .map_err(|_| network(url, "not an HTTP answer"))?;
        if !response.ok() {
            return Err(network(url, format!("HTTP {}", response.status())));
        }
        if response.redirected()
            && !options.allow_other_hosts
            && origin_of(&response.url()) != origin_of(url)
        {
            return Err(network(url, "redirected to another server"));
        }
        let body = response
            .body()
            .ok_or_else(|| network(url, "an empty answer"))?;
        Ok(Self {
            url,
            options,
            pace,
            reader: body.get_reader().unchecked_into(),
        })
    }

    /// The next bytes, or `None` at the end; a server silent for a whole rate window, too slow, or past the
    /// deadline ends the download with a network error.
    async fn next(&mut self) -> Result<Option<Vec<u8>>, UpdateError> {
        let window_ms = self
            .options
            .rate_window
            .min(self.pace.remaining()?)
            .as_millis() as f64;
        let Some(chunk) = within(self.reader.read(), window_ms)
            .await
            .map_err(|e| network(self.url, js_text(e)))?
        else {
            self.stop();
            return Err(network(self.url, "the server stopped sending"));
        };
        let done = js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(None);
        }
        let value = js_sys::Reflect::get(&chunk, &JsValue::from_str("value"))
            .map_err(|e| network(self.url, js_text(e)))?;
        let bytes = js_sys::Uint8Array::new(&value).to_vec();
        if let Err(error) = self.pace.arrived(bytes.len() as u64) {
            self.stop();
            return Err(error);
        }
        Ok(Some(bytes))
    }

    fn stop(&self) {
        let _ = self.reader.cancel();
    }
}

/// A small file (the update list), refused past `limit` bytes.
async fn fetch_small(
    url: &str,
    limit: u64,
    options: &FetchOptions,
) -> Result<Vec<u8>, UpdateError> {
    let mut download = BrowserDownload::start(url, options).await?;
    let mut data = Vec::new();
    while let Some(bytes) = download.next().await? {
        data.extend_from_slice(&bytes);
        if data.len() as u64 > limit {
            download.stop();
            return Err(UpdateError::TooLarge {
                offered: data.len() as u64,
                allowed: limit,
            });
        }
    }
    Ok(data)
}

/// A bundle or patch: never more bytes than its signed head declares ([`Bounds`], as on desktop), the head
/// checked as soon as it has arrived.
async fn fetch_signed(
    download: &Download,
    trusted: &TrustedKeys,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<u8>, UpdateError> {
    let mut bounds = Bounds {
        download,
        trusted,
        total: None,
    };
    let mut browser = BrowserDownload::start(&download.url, options).await?;
    let mut data = Vec::new();
    loop {
        let limit = bounds.limit(&data)?;
        if bounds.total.is_some() && data.len() as u64 >= limit {
            // Whatever a server sends past the declared length is not read.
            data.truncate(limit as usize);
            browser.stop();
            break;
        }
        let Some(bytes) = browser.next().await? else {
            break;
        };
        data.extend_from_slice(&bytes);
        progress(Progress {
            stage: Stage::Downloading,
            done: data.len() as u64,
            total: bounds.total.unwrap_or(0),
        });
    }
    let limit = bounds.limit(&data)?;
    if bounds.total != Some(data.len() as u64) || data.len() as u64 != limit {
        return Err(UpdateError::Incomplete);
    }
    Ok(data)
}

/// "Check for updates" in a browser: `url` is a `latest.json` (the delta for the installed bundle is tried
/// first, then the full bundle) or a `.paso` or `.patch` file. The same reading of the index, the same
/// checks of every file and the same install as on desktop ([`crate::update::offer`]); only the transport
/// is the browser's.
pub async fn check_and_install(
    data_dir: &std::path::Path,
    url: &str,
    trusted: &TrustedKeys,
    progress: &mut dyn FnMut(Progress),
) -> Result<InstallOutcome, UpdateError> {
    let layout = Layout::new(data_dir);
    let _lock = layout.lock()?;
    let now = chrono::Utc::now();
    let options = FetchOptions::default();
    let plan = if offer::is_index(url) {
        progress(Progress::stage(Stage::Checking));
        let index_bytes = fetch_small(url, MAX_INDEX_BYTES, &options).await?;
        match offer::read_index(&layout, url, &index_bytes, trusted, now)? {
            Offer::UpToDate(outcome) => return Ok(outcome),
            Offer::Fetch(plan) => *plan,
        }
    } else {
        offer::direct(&layout, url, trusted, now)?
    };
    let mut delta_failure = None;
    if let Some(delta) = &plan.delta {
        let attempt = match fetch_signed(delta, &plan.trusted, &options, progress).await {
            Ok(bytes) => offer::install_delta(&layout, &plan, &bytes, progress)
                .map(|outcome| outcome.with_download(bytes.len() as u64, None)),
            Err(error) => Err(error),
        };
        match attempt {
            Ok(outcome) => return Ok(outcome),
            Err(error) if error.is_policy() => return Err(error),
            Err(error) => delta_failure = Some(error.to_string()),
        }
    }
    let bytes = fetch_signed(&plan.full, &plan.trusted, &options, progress).await?;
    let received = bytes.len() as u64;
    offer::install_full(&layout, &plan, bytes, now, progress)
        .map(|outcome| outcome.with_download(received, delta_failure))
}
