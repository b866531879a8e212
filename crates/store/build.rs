//! `sqlx::migrate!` embeds the migration folders when the crate compiles, and Cargo does not know it reads them:
//! without this, a migration added or changed leaves a stale build that migrates to the old schema.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
