//! The interface's languages are the folders of `locales/`: this lists each folder with its Fluent files, sorted,
//! as `include_str!`s the crate embeds (`src/i18n.rs`), so the binary carries them and runs from any directory.
//! Adding a language is adding a folder; cargo runs this again when anything under `locales/` changes.

use std::error::Error;
use std::path::{Path, PathBuf};

fn ftl_files(dir: &Path) -> Result<Vec<PathBuf>, Box<dyn Error>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(ftl_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "ftl") {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

fn main() -> Result<(), Box<dyn Error>> {
    let locales = Path::new(&std::env::var("CARGO_MANIFEST_DIR")?).join("locales");
    println!("cargo:rerun-if-changed={}", locales.display());
    let mut folders: Vec<PathBuf> =
        std::fs::read_dir(&locales)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    folders.sort();
    let mut listing = String::from("&[\n");
    for folder in folders {
        let Some(code) = folder.file_name().and_then(|n| n.to_str()) else { continue };
        let files: Vec<String> =
            ftl_files(&folder)?.iter().map(|f| format!("include_str!({:?})", f.display().to_string())).collect();
        listing.push_str(&format!("    ({code:?}, &[{}]),\n", files.join(", ")));
    }
    listing.push(']');
    std::fs::write(Path::new(&std::env::var("OUT_DIR")?).join("locales.rs"), listing)?;
    Ok(())
}
