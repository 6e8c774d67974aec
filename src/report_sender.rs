//! Sends the report outbox (and field staff's visits, with their token) to a report server, only when the
//! person taps "Send now": batches of at most
//! [`MAX_BATCH`], each under a deadline, retried after a timeout or a busy server. Retrying is safe because
//! every report keeps its own id, and the server stores an id once.

use std::time::Duration;

use crate::store::user::{SendTally, UserStore};
use crate::store::StoreError;
use crate::wire::{
    BatchAnswer, ReportBatch, VerificationBatch, MAX_BATCH, REPORTS_PATH, VERIFICATIONS_PATH,
};

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct SendOptions {
    /// The deadline of one request, connect to answer.
    pub timeout: Duration,
    /// Tries per batch (the first included).
    pub attempts: u32,
    /// Wait before the second try; doubled before each later one.
    pub backoff: Duration,
}

impl Default for SendOptions {
    fn default() -> Self {
        SendOptions {
            timeout: Duration::from_secs(30),
            attempts: 3,
            backoff: Duration::from_secs(2),
        }
    }
}

/// Why sending stopped. Reports not yet answered stay waiting in the outbox.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// The address is not an http(s) address.
    #[error("the report server address {0:?} is not an http:// or https:// address")]
    BadAddress(String),
    /// No answer, after every try.
    #[error(
        "the report server did not answer ({0}); your reports are still waiting, send again later"
    )]
    Unreachable(String),
    /// The server refused the batch as a whole.
    #[error("the report server refused the reports (HTTP {status}): {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// What it said.
        message: String,
    },
    /// The answer was not a batch answer.
    #[error("the report server's answer could not be read: {0}")]
    BadAnswer(String),
    /// The outbox could not be read or updated.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one try of a batch came to.
enum Try {
    Answered(BatchAnswer),
    /// Worth another try: no answer, a timeout, a busy or failing server.
    Again(String),
    Final(SendError),
}

/// Sends every report waiting in `user`'s outbox to `server` (its base address) and records each answer;
/// the tally of all batches. A failure leaves the unanswered reports waiting, ready for the next tap (what was
/// answered before it is recorded first).
pub fn send_outbox(
    server: &str,
    user: &UserStore,
    options: &SendOptions,
) -> Result<SendTally, SendError> {
    let batches = batches_to_send(user)?;
    let (answers, failure) = post_batches(server, &batches, options);
    let tally = record_answers(user, &answers)?;
    match failure {
        Some(error) => Err(error),
        None => Ok(tally),
    }
}

/// The waiting reports, oldest first, in batches of at most [`MAX_BATCH`] (read on the thread that owns
/// the user database).
pub fn batches_to_send(user: &UserStore) -> Result<Vec<ReportBatch>, SendError> {
    Ok(user
        .reports_to_send()?
        .chunks(MAX_BATCH)
        .map(|batch| ReportBatch {
            reports: batch.iter().map(|r| r.to_wire()).collect(),
        })
        .collect())
}

/// Posts each batch of reports in turn (network only, so it can run on a worker thread): the answers
/// received, and the error that stopped it, if one did.
pub fn post_batches(
    server: &str,
    batches: &[ReportBatch],
    options: &SendOptions,
) -> (Vec<BatchAnswer>, Option<SendError>) {
    post_all(server, REPORTS_PATH, None, batches, options)
}

/// The waiting visits of field staff, oldest first, in batches of at most [`MAX_BATCH`].
pub fn verification_batches(user: &UserStore) -> Result<Vec<VerificationBatch>, SendError> {
    Ok(user
        .verifications_to_send()?
        .chunks(MAX_BATCH)
        .map(|batch| VerificationBatch {
            verifications: batch.to_vec(),
        })
        .collect())
}

/// Posts each batch of visits with the staff token, as [`post_batches`] does for reports.
pub fn post_verification_batches(
    server: &str,
    token: &str,
    batches: &[VerificationBatch],
    options: &SendOptions,
) -> (Vec<BatchAnswer>, Option<SendError>) {
    post_all(server, VERIFICATIONS_PATH, Some(token), batches, options)
}

/// Records answers to visits in the outbox; the tally.
pub fn record_verification_answers(
    user: &UserStore,
    answers: &[BatchAnswer],
) -> Result<SendTally, SendError> {
    let mut tally = SendTally::default();
    for answer in answers {
        add(&mut tally, user.record_verification_answer(answer)?);
    }
    Ok(tally)
}

/// Sends every visit waiting in `user`'s outbox with `token`, as [`send_outbox`] does for reports.
pub fn send_verifications(
    server: &str,
    token: &str,
    user: &UserStore,
    options: &SendOptions,
) -> Result<SendTally, SendError> {
    let batches = verification_batches(user)?;
    let (answers, failure) = post_verification_batches(server, token, &batches, options);
    let tally = record_verification_answers(user, &answers)?;
    match failure {
        Some(error) => Err(error),
        None => Ok(tally),
    }
}

/// Adds one tally to another.
pub fn add(total: &mut SendTally, more: SendTally) {
    total.accepted += more.accepted;
    total.duplicate += more.duplicate;
    total.rejected += more.rejected;
}

fn post_all<T: serde::Serialize>(
    server: &str,
    path: &str,
    token: Option<&str>,
    batches: &[T],
    options: &SendOptions,
) -> (Vec<BatchAnswer>, Option<SendError>) {
    let endpoint = url::Url::parse(server.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .and_then(|base| base.join(path).ok());
    let Some(endpoint) = endpoint else {
        return (Vec::new(), Some(SendError::BadAddress(server.to_string())));
    };
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(crate::update::fetch::USER_AGENT)
        .build()
        .new_agent();
    let mut answers = Vec::new();
    for batch in batches {
        let body = match serde_json::to_string(batch) {
            Ok(body) => body,
            Err(e) => return (answers, Some(SendError::BadAnswer(e.to_string()))),
        };
        match send_batch(&agent, endpoint.as_str(), token, &body, options) {
            Ok(answer) => answers.push(answer),
            Err(error) => return (answers, Some(error)),
        }
    }
    (answers, None)
}

/// Records answers in the outbox; the tally.
pub fn record_answers(user: &UserStore, answers: &[BatchAnswer]) -> Result<SendTally, SendError> {
    let mut tally = SendTally::default();
    for answer in answers {
        add(&mut tally, user.record_answer(answer)?);
    }
    Ok(tally)
}

fn send_batch(
    agent: &ureq::Agent,
    endpoint: &str,
    token: Option<&str>,
    body: &str,
    options: &SendOptions,
) -> Result<BatchAnswer, SendError> {
    let mut wait = options.backoff;
    let mut last = String::new();
    for attempt in 0..options.attempts.max(1) {
        if attempt > 0 {
            std::thread::sleep(wait);
            wait = wait.saturating_mul(2);
        }
        match try_once(agent, endpoint, token, body) {
            Try::Answered(answer) => return Ok(answer),
            Try::Final(error) => return Err(error),
            Try::Again(why) => last = why,
        }
    }
    Err(SendError::Unreachable(last))
}

fn try_once(agent: &ureq::Agent, endpoint: &str, token: Option<&str>, body: &str) -> Try {
    let mut request = agent
        .post(endpoint)
        .header("Content-Type", "application/json");
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {}", token.trim()));
    }
    let response = request.send(body);
    let mut response = match response {
        Ok(response) => response,
        Err(e) => return Try::Again(e.to_string()),
    };
    let status = response.status().as_u16();
    let text = match response.body_mut().read_to_string() {
        Ok(text) => text,
        Err(e) => return Try::Again(e.to_string()),
    };
    match status {
        200 => match serde_json::from_str(&text) {
            Ok(answer) => Try::Answered(answer),
            Err(e) => Try::Final(SendError::BadAnswer(e.to_string())),
        },
        429 | 500..=599 => Try::Again(format!("HTTP {status}")),
        _ => {
            let message = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v["error"].as_str().map(str::to_string))
                .unwrap_or_else(|| text.chars().take(200).collect());
            Try::Final(SendError::Refused { status, message })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_addresses_are_tried() {
        let dir = tempfile::tempdir().unwrap();
        let user = UserStore::open(&dir.path().join("user.sqlite")).unwrap();
        for bad in [
            "",
            "ftp://example.org",
            "javascript:alert(1)",
            "reports.example.org",
        ] {
            assert!(
                matches!(
                    send_outbox(bad, &user, &SendOptions::default()),
                    Err(SendError::BadAddress(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn an_empty_outbox_sends_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let user = UserStore::open(&dir.path().join("user.sqlite")).unwrap();
        // Port 9 (discard) on loopback: if anything were sent, this would fail after its tries.
        let tally = send_outbox("http://127.0.0.1:9", &user, &SendOptions::default()).unwrap();
        assert_eq!(tally, SendTally::default());
    }
}
