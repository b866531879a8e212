//! Every page of the registers is found by following links from the start page (issue 8, acceptance 1): the
//! public, signed out, walks every link of every page it reaches, and finds the documents register, the plans, the
//! legal basis, the lists of joint statements and each list, every document it may read and the organisation's
//! pages; a plan's, a treaty's and a list's own page link back to the register that keeps it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use secretariat_testkit::{on_both_engines, TestApp};

/// The paths a page links to, without query or fragment: pages of the application only (no assets, feeds, API).
fn links(html: &str) -> BTreeSet<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| href.split(['?', '#']).next().unwrap_or_default().to_owned())
        .filter(|path| {
            !path.starts_with("/static/")
                && !path.starts_with("/api/")
                && ![".csv", ".ics", ".atom", ".xml", ".json", ".png"].iter().any(|ext| path.ends_with(ext))
        })
        .collect()
}

/// From `/`, every page reached by links: each path with the pages that link to it.
async fn walk(app: &TestApp) -> BTreeMap<String, BTreeSet<String>> {
    let mut linked_from: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    linked_from.insert("/".into(), BTreeSet::new());
    let mut queue = VecDeque::from(["/".to_owned()]);
    while let Some(path) = queue.pop_front() {
        assert!(linked_from.len() < 5000, "the walk ends");
        let (status, html) = app.page(&path).await;
        assert!(status < 500, "{path} answers {status}");
        if status != 200 {
            continue;
        }
        for target in links(&html) {
            let seen = linked_from.contains_key(&target);
            linked_from.entry(target.clone()).or_default().insert(path.clone());
            if !seen {
                queue.push_back(target);
            }
        }
    }
    linked_from
}

on_both_engines! {
    async fn every_register_page_and_every_document_the_public_may_read_is_reached_by_links_from_the_start_page(app) {
        let reached = walk(&app).await;
        for page in ["/documents", "/organisations/CSTO", "/organisations/CSTO/plans", "/organisations/CSTO/legal-basis",
            "/organisations/CSTO/statements-lists", "/statements-lists/statements-2018", "/publications",
            "/meetings/cfm-2018-06-almaty", "/states/KZ", "/organisations/CSTO/bodies/CFM"] {
            assert!(reached.contains_key(page), "{page} is reached from the start page; reached: {:?}", reached.keys());
        }
        let (status, docs) = app.get("/api/v1/documents?limit=500", None).await;
        assert_eq!(status, 200);
        let docs = docs["items"].as_array().unwrap();
        assert!(docs.len() > 5, "the public reads the demo's documents");
        for d in docs {
            let page = format!("/documents/{}", d["key"].as_str().unwrap());
            assert!(reached.contains_key(&page), "{page} is reached from the start page");
        }
        for (document, register) in [
            ("/documents/cfm-2018-consultations-plan", "/organisations/CSTO/plans"),
            ("/documents/charter-protocol-2", "/organisations/CSTO/legal-basis"),
            ("/documents/statements-2018-list", "/organisations/CSTO/statements-lists"),
        ] {
            assert!(reached[register].contains(document), "{document} links back to {register}");
        }
    }
}
