//! The Paso app binary: opens the phone-sized window on the embedded default bundle.
fn main() {
    eprintln!("the app shell arrives with the UI issue");
}
