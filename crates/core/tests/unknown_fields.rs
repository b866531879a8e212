//! No input shape drops a field it does not name: every struct the API or a scenario file parses refuses unknown
//! fields. serde ignores them unless each struct opts in, one struct at a time, so a nested part that forgets
//! (as a chairmanship override once did) accepts a field and silently loses it; this test finds such a struct.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// Structs that cannot deny unknown fields themselves, with why.
const EXEMPT: &[(&str, &str)] = &[
    // Flattened into mandates and memberships, which deny unknown fields for it: serde cannot deny inside a
    // flattened struct.
    ("Period", "flattened"),
];

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// The structs with named fields that derive `Deserialize` without `deny_unknown_fields`, as `file: name`.
fn lenient_structs(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut lenient = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !(line.trim_start().starts_with("#[derive(") && line.contains("Deserialize")) {
            continue;
        }
        let mut attrs = Vec::new();
        let mut j = i + 1;
        while j < lines.len() && lines[j].trim_start().starts_with("#[") {
            attrs.push(lines[j]);
            j += 1;
        }
        let Some(decl) = lines.get(j) else { continue };
        let Some(rest) = decl.trim_start().trim_start_matches("pub ").strip_prefix("struct ") else { continue };
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let named_fields = rest.trim_end().ends_with('{');
        if named_fields
            && !attrs.iter().any(|a| a.contains("deny_unknown_fields"))
            && !EXEMPT.iter().any(|(n, _)| *n == name)
        {
            lenient.push(format!("{}: {name}", file.display()));
        }
    }
    lenient
}

#[test]
fn every_struct_the_api_or_a_scenario_parses_refuses_unknown_fields() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = sources(&src.join("domain"));
    files.extend(sources(&src.join("service")));
    files.push(src.join("scenario.rs"));
    let lenient: Vec<String> = files.iter().flat_map(|f| lenient_structs(f)).collect();
    assert!(lenient.is_empty(), "these structs would drop a field they do not name: {lenient:#?}");
}

#[test]
fn the_check_finds_a_struct_that_forgets() {
    let dir = std::env::temp_dir().join(format!("unknown-fields-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sample.rs");
    std::fs::write(
        &file,
        "#[derive(Deserialize)]\n#[serde(deny_unknown_fields)]\npub struct Strict {\n    a: u8,\n}\n\
         #[derive(Debug, Deserialize)]\npub struct Override {\n    term: i16,\n}\n\
         #[derive(Deserialize)]\npub struct Period {\n    from: u8,\n}\n",
    )
    .unwrap();
    let found = lenient_structs(&file);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].ends_with(": Override"), "{found:?}");
}
