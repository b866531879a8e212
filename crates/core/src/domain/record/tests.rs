//! Tests of `record.rs`, in a file of their own to keep it short.
use super::*;

fn organisation(authentic: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "code": "UN", "name": {"en": "United Nations"}, "languages": ["ar", "zh", "en", "fr", "ru", "es"],
        "authentic": authentic,
        "chairmanship": {"rotation": ["KZ", "RU"], "anchor": {"term": 2018, "state": "KZ"}, "top_body": "GA",
            "changeovers": [{"from_term": 2001, "rule": "on_january_1"}]}
    })
}

fn parse(field: &str, authentic: serde_json::Value) -> Result<Organisation> {
    let text = organisation(authentic).to_string().replace("\"authentic\"", &format!("\"{field}\""));
    let org: Organisation = serde_json::from_str(&text).map_err(|e| Error::invalid("invalid_body", e.to_string()))?;
    org.check().map(|()| org)
}

#[test]
fn an_organisation_has_one_or_more_authentic_languages_each_a_working_language() {
    let six = parse("authentic_languages", serde_json::json!(["ar", "zh", "en", "fr", "ru", "es"])).unwrap();
    assert_eq!(six.authentic_languages.len(), 6);
    assert!(six.is_authentic(&Lang::parse("fr").unwrap()));
    for bad in [serde_json::json!([]), serde_json::json!(["en", "de"]), serde_json::json!(["en", "en"])] {
        assert_eq!(parse("authentic_languages", bad).unwrap_err().code(), "invalid_languages");
    }
}

#[test]
fn the_single_authentic_language_of_older_files_is_read_as_a_set_of_one() {
    let old = parse("authentic_language", serde_json::json!("ru")).unwrap();
    assert_eq!(old.authentic_languages, vec![Lang::parse("ru").unwrap()]);
    let one = parse("authentic_languages", serde_json::json!("en")).unwrap();
    assert_eq!(one.authentic_languages, vec![Lang::parse("en").unwrap()]);
    let written = serde_json::to_value(&old).unwrap();
    assert_eq!(written["authentic_languages"], serde_json::json!(["ru"]));
    assert!(written.get("authentic_language").is_none());
}
