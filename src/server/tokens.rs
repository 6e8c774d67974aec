//! Staff tokens: made once, shown once, stored only as an argon2 hash. A token is `paso_<staff id>_<secret>`,
//! so the server finds the one hash to check without trying them all.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// A fresh secret (the part of a token after the staff id) and its argon2 hash, which is all the server
/// keeps.
pub fn new_secret() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any input")
        .to_string();
    (secret, hash)
}

/// A fresh review-session id: 32 random bytes, in hex.
pub fn session_id() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The token a staff member is given.
pub fn token(staff_id: i64, secret: &str) -> String {
    format!("paso_{staff_id}_{secret}")
}

/// The staff id and secret in a token, if it has the shape of one.
pub fn parse(token: &str) -> Option<(i64, &str)> {
    let rest = token.trim().strip_prefix("paso_")?;
    let (id, secret) = rest.split_once('_')?;
    let valid = secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit());
    valid.then_some(())?;
    Some((id.parse().ok()?, secret))
}

/// True when `secret` is the one `hash` was made from.
pub fn matches(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(secret.as_bytes(), &parsed)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_matches_only_its_own_hash() {
        let (secret, hash) = new_secret();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains(&secret));
        let token = token(12, &secret);
        let (id, parsed) = parse(&token).unwrap();
        assert_eq!((id, parsed), (12, secret.as_str()));
        assert!(matches(parsed, &hash));
        let (other, _) = new_secret();
        assert!(!matches(&other, &hash));
        assert!(!matches(parsed, "not a hash"));
        for bad in [
            "",
            "paso_12",
            "paso_x_ab",
            "bearer",
            &token.replace("paso_", "pasa_"),
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
