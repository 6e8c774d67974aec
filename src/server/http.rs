//! The report server's HTTP side (axum): the public endpoint for phones, the staff endpoint, and the
//! editors' review pages. Client addresses are used for the in-memory rate limit only: never stored, never
//! logged.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;
use uuid::Uuid;

use super::storage::{Decision, ItemKind, Role, Staff, Storage, StoredReport, StoredVerification};
use super::{review, tokens};
use crate::wire::{
    BatchAnswer, CorrectionField, ItemResult, Outcome, ReportBatch, VerificationBatch, MAX_BATCH,
    MAX_BODY_BYTES, REPORTS_PATH, VERIFICATIONS_PATH,
};

/// Where the review pages live.
pub const REVIEW_PATH: &str = "/review";
/// The review session cookie.
const SESSION_COOKIE: &str = "paso_review";
/// How long a review session lasts without a new sign-in.
const SESSION_LIFETIME: Duration = Duration::from_secs(8 * 60 * 60);

/// How the server behaves.
#[derive(Debug, Clone, Copy)]
pub struct ServerConfig {
    /// Requests one client address may make per minute (all endpoints and sign-ins together).
    pub requests_per_minute: NonZeroU32,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            requests_per_minute: NonZeroU32::new(60).expect("60 is not zero"),
        }
    }
}

/// What every request handler shares.
pub struct AppState {
    storage: Arc<dyn Storage>,
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    sessions: Mutex<HashMap<String, (i64, Instant)>>,
}

impl AppState {
    /// The state of a server on `storage`.
    pub fn new(storage: Arc<dyn Storage>, config: ServerConfig) -> Arc<Self> {
        Arc::new(AppState {
            storage,
            limiter: RateLimiter::keyed(Quota::per_minute(config.requests_per_minute)),
            sessions: Mutex::new(HashMap::new()),
        })
    }

    /// Forgets rate-limit state of addresses not seen lately, and expired sessions.
    pub fn forget_stale(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions.retain(|_, (_, started)| started.elapsed() < SESSION_LIFETIME);
    }
}

/// The router of a server with `state`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(REPORTS_PATH, post(post_reports))
        .route(VERIFICATIONS_PATH, post(post_verifications))
        .route("/", get(|| async { Redirect::to(REVIEW_PATH) }))
        .route(REVIEW_PATH, get(review_page))
        .route("/review/sign-in", post(sign_in))
        .route("/review/sign-out", post(sign_out))
        .route("/review/decide", post(decide))
        .route("/review/audit", get(audit_page))
        .with_state(state)
}

/// Serves `state` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let sweeper = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                state.forget_stale();
            }
        })
    };
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    sweeper.abort();
    served
}

/// A refusal on its way out (boxed: a response is large, and most calls succeed).
type Refused = Box<Response>;

/// A refusal, as JSON `{"error": "…"}` with its status.
fn refuse(status: StatusCode, message: impl Into<String>) -> Refused {
    let body = serde_json::json!({ "error": message.into() }).to_string();
    Box::new(
        (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
    )
}

fn answer(results: Vec<ItemResult>) -> Response {
    let body = serde_json::to_string(&BatchAnswer { results }).unwrap_or_default();
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

fn storage_failed(error: impl std::fmt::Display) -> Refused {
    log::error!("{error}");
    refuse(
        StatusCode::SERVICE_UNAVAILABLE,
        "the server could not store this now; nothing was stored, send again later",
    )
}

/// `Err(429)` when `address` has used up its minute.
fn rate_limited(state: &AppState, address: SocketAddr) -> Result<(), Refused> {
    state.limiter.check_key(&address.ip()).map_err(|_| {
        let mut response = refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests from this address; wait a minute",
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
        response
    })
}

/// The body, whole, if it is at most [`MAX_BODY_BYTES`].
async fn read_body(body: Body) -> Result<axum::body::Bytes, Refused> {
    axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the body is larger than {MAX_BODY_BYTES} bytes; send fewer items at a time"
                ),
            )
        })
}

fn parse_batch<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Refused> {
    serde_json::from_slice(bytes).map_err(|e| {
        refuse(
            StatusCode::BAD_REQUEST,
            format!("the body is not a valid batch: {e}"),
        )
    })
}

fn check_batch_size(items: usize) -> Result<(), Refused> {
    if items > MAX_BATCH {
        return Err(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a batch holds at most {MAX_BATCH} items; this one has {items}"),
        ));
    }
    Ok(())
}

/// Runs blocking storage work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Refused> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(storage_failed)
}

fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Stores what passed its checks and answers each id in the order sent.
fn outcomes(ids: &[Uuid], problems: Vec<Option<String>>, stored: Vec<bool>) -> Vec<ItemResult> {
    let mut stored = stored.into_iter();
    ids.iter()
        .zip(problems)
        .map(|(id, problem)| match problem {
            Some(reason) => ItemResult {
                id: *id,
                outcome: Outcome::Rejected,
                reason: Some(reason),
            },
            None => ItemResult {
                id: *id,
                outcome: if stored.next().unwrap_or(false) {
                    Outcome::Accepted
                } else {
                    Outcome::Duplicate
                },
                reason: None,
            },
        })
        .collect()
}

async fn post_reports(
    State(state): State<Arc<AppState>>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    body: Body,
) -> Response {
    if let Err(refused) = rate_limited(&state, address) {
        return *refused;
    }
    let batch: ReportBatch = match read_body(body).await.and_then(|b| parse_batch(&b)) {
        Ok(batch) => batch,
        Err(refused) => return *refused,
    };
    if let Err(refused) = check_batch_size(batch.reports.len()) {
        return *refused;
    }
    let received_on = today();
    let problems: Vec<Option<String>> = batch.reports.iter().map(|r| r.problem()).collect();
    let to_store: Vec<StoredReport> = batch
        .reports
        .iter()
        .zip(&problems)
        .filter(|(_, problem)| problem.is_none())
        .map(|(r, _)| StoredReport::new(r, &received_on))
        .collect();
    let ids: Vec<Uuid> = batch.reports.iter().map(|r| r.id).collect();
    let storage = state.storage.clone();
    match blocking(move || storage.put_reports(&to_store)).await {
        Ok(Ok(stored)) => answer(outcomes(&ids, problems, stored)),
        Ok(Err(e)) => *storage_failed(e),
        Err(refused) => *refused,
    }
}

/// The staff member whose token `headers` carry, if it is valid and not revoked.
async fn bearer(state: &Arc<AppState>, headers: &HeaderMap) -> Result<Staff, Refused> {
    let unauthorised = |message: &str| {
        let mut response = refuse(StatusCode::UNAUTHORIZED, message);
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"paso-server\""),
        );
        response
    };
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return Err(unauthorised(
            "a staff token is needed: Authorization: Bearer <token>",
        ));
    };
    match staff_with_token(state, token.to_string()).await? {
        Some(staff) => Ok(staff),
        None => Err(unauthorised(
            "this staff token is not valid, or was revoked",
        )),
    }
}

/// The active staff member a token belongs to.
async fn staff_with_token(state: &Arc<AppState>, token: String) -> Result<Option<Staff>, Refused> {
    let storage = state.storage.clone();
    let found = blocking(move || {
        let Some((id, secret)) = tokens::parse(&token) else {
            return Ok(None);
        };
        let staff = storage.staff(id)?;
        Ok(staff.filter(|s| s.revoked_on.is_none() && tokens::matches(secret, &s.token_hash)))
    })
    .await?;
    found.map_err(|e: super::storage::StorageError| storage_failed(e))
}

async fn post_verifications(
    State(state): State<Arc<AppState>>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Err(refused) = rate_limited(&state, address) {
        return *refused;
    }
    let staff = match bearer(&state, &headers).await {
        Ok(staff) => staff,
        Err(refused) => return *refused,
    };
    let batch: VerificationBatch = match read_body(body).await.and_then(|b| parse_batch(&b)) {
        Ok(batch) => batch,
        Err(refused) => return *refused,
    };
    if let Err(refused) = check_batch_size(batch.verifications.len()) {
        return *refused;
    }
    let received_on = today();
    let problems: Vec<Option<String>> = batch.verifications.iter().map(|v| v.problem()).collect();
    let to_store: Vec<StoredVerification> = batch
        .verifications
        .iter()
        .zip(&problems)
        .filter(|(_, problem)| problem.is_none())
        .map(|(v, _)| StoredVerification::new(v, staff.id, &received_on))
        .collect();
    let ids: Vec<Uuid> = batch.verifications.iter().map(|v| v.id).collect();
    let storage = state.storage.clone();
    match blocking(move || storage.put_verifications(&to_store)).await {
        Ok(Ok(stored)) => answer(outcomes(&ids, problems, stored)),
        Ok(Err(e)) => *storage_failed(e),
        Err(refused) => *refused,
    }
}

fn html(status: StatusCode, page: maud::Markup) -> Response {
    let mut response = (status, axum::response::Html(page.into_string())).into_response();
    let headers = response.headers_mut();
    // The pages need no script, frame or outside resource; say so to the browser.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The signed-in editor, if the request carries a live session of an active editor.
async fn editor(state: &Arc<AppState>, headers: &HeaderMap) -> Result<Option<Staff>, Refused> {
    let Some(session) = session_id(headers) else {
        return Ok(None);
    };
    let staff_id = {
        let sessions = state.sessions.lock().unwrap_or_else(|p| p.into_inner());
        match sessions.get(&session) {
            Some((id, started)) if started.elapsed() < SESSION_LIFETIME => *id,
            _ => return Ok(None),
        }
    };
    let storage = state.storage.clone();
    let staff = blocking(move || storage.staff(staff_id))
        .await?
        .map_err(storage_failed)?;
    Ok(staff.filter(|s| s.revoked_on.is_none() && s.role == Role::Editor))
}

async fn review_page(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let editor = match editor(&state, &headers).await {
        Ok(Some(editor)) => editor,
        Ok(None) => return html(StatusCode::OK, review::sign_in_page(None)),
        Err(refused) => return *refused,
    };
    let storage = state.storage.clone();
    match blocking(move || storage.snapshot()).await {
        Ok(Ok(snapshot)) => html(StatusCode::OK, review::queue_page(&editor, &snapshot)),
        Ok(Err(e)) => *storage_failed(e),
        Err(refused) => *refused,
    }
}

async fn audit_page(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let editor = match editor(&state, &headers).await {
        Ok(Some(editor)) => editor,
        Ok(None) => return Redirect::to(REVIEW_PATH).into_response(),
        Err(refused) => return *refused,
    };
    let storage = state.storage.clone();
    match blocking(move || {
        Ok::<_, super::storage::StorageError>((storage.audit()?, storage.snapshot()?.staff))
    })
    .await
    {
        Ok(Ok((entries, staff))) => html(
            StatusCode::OK,
            review::audit_page(&editor, &entries, &staff),
        ),
        Ok(Err(e)) => *storage_failed(e),
        Err(refused) => *refused,
    }
}

/// The sign-in form.
#[derive(Deserialize)]
struct SignIn {
    token: String,
}

async fn sign_in(
    State(state): State<Arc<AppState>>,
    ConnectInfo(address): ConnectInfo<SocketAddr>,
    Form(form): Form<SignIn>,
) -> Response {
    if let Err(refused) = rate_limited(&state, address) {
        return *refused;
    }
    let staff = match staff_with_token(&state, form.token).await {
        Ok(staff) => staff,
        Err(refused) => return *refused,
    };
    let Some(staff) = staff else {
        return html(
            StatusCode::UNAUTHORIZED,
            review::sign_in_page(Some("That token is not valid, or was revoked.")),
        );
    };
    if staff.role != Role::Editor {
        return html(
            StatusCode::FORBIDDEN,
            review::sign_in_page(Some(
                "Only editors review the queue. Field staff send verifications from the app.",
            )),
        );
    }
    let session = {
        let secret = tokens::session_id();
        let mut sessions = state.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions.insert(secret.clone(), (staff.id, Instant::now()));
        secret
    };
    let cookie = format!("{SESSION_COOKIE}={session}; HttpOnly; SameSite=Strict; Path=/");
    let mut response = Redirect::to(REVIEW_PATH).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn sign_out(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    if let Some(session) = session_id(&headers) {
        let mut sessions = state.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions.remove(&session);
    }
    let mut response = Redirect::to(REVIEW_PATH).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("paso_review=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    response
}

/// One accept or reject form of the review page.
#[derive(Deserialize)]
struct DecideForm {
    item_kind: String,
    item_id: String,
    decision: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    value: String,
}

async fn decide(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<DecideForm>,
) -> Response {
    let editor = match editor(&state, &headers).await {
        Ok(Some(editor)) => editor,
        Ok(None) => {
            return html(
                StatusCode::UNAUTHORIZED,
                review::sign_in_page(Some("Sign in again.")),
            )
        }
        Err(refused) => return *refused,
    };
    let decision = match decision_of(&form) {
        Ok(decision) => decision,
        Err(problem) => return html(StatusCode::BAD_REQUEST, review::problem_page(&problem)),
    };
    let storage = state.storage.clone();
    match blocking(move || storage.decide(&decision, &editor, &today(), &now())).await {
        Ok(Ok(_)) => Redirect::to(REVIEW_PATH).into_response(),
        Ok(Err(e)) => *storage_failed(e),
        Err(refused) => *refused,
    }
}

/// The decision a form asks for, or what is wrong with it.
fn decision_of(form: &DecideForm) -> Result<Decision, String> {
    let item_kind = ItemKind::from_id(&form.item_kind)
        .ok_or_else(|| format!("unknown item kind {:?}", form.item_kind))?;
    let item_id = Uuid::parse_str(&form.item_id)
        .map_err(|_| format!("{:?} is not an item id", form.item_id))?;
    let accepted = match form.decision.as_str() {
        "accept" => true,
        "reject" => false,
        other => return Err(format!("unknown decision {other:?}")),
    };
    let field = if accepted && item_kind == ItemKind::Report && !form.field.is_empty() {
        Some(
            CorrectionField::from_id(&form.field)
                .ok_or_else(|| format!("unknown field {:?}", form.field))?,
        )
    } else {
        None
    };
    let value = form.value.trim().to_string();
    if field.is_some() {
        if value.is_empty() {
            return Err("a change needs its new value".into());
        }
        let rule = crate::text::text_rule("services");
        crate::text::check_text(rule, &value).map_err(|p| format!("the new value {p}"))?;
    }
    Ok(Decision {
        item_kind,
        item_id,
        accepted,
        field,
        value: if field.is_some() {
            value
        } else {
            String::new()
        },
    })
}
