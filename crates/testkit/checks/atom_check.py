"""Parses an Atom feed with the Python `feedparser` package and checks what a reader of it relies on.

Usage: atom_check.py FEED.atom [ENTRY_ID ...]

The feed must parse without complaint (`bozo == 0`), be Atom 1.0, and have an id, a title and an updated instant;
every entry an id, a title, an alternate link, a published and an updated instant, an author and HTML content.
Each ENTRY_ID must be among the entries. Exit status 0 when all holds; otherwise the first failure is printed and
the status is 1.
"""

import sys

import feedparser


def fail(message):
    print(f"atom check failed: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    path, *wanted = sys.argv[1:]
    with open(path, "rb") as f:
        raw = f.read()
    feed = feedparser.parse(raw, response_headers={"content-type": "application/atom+xml; charset=utf-8"})
    if feed.bozo:
        fail(f"bozo: {feed.bozo_exception!r}")
    if feed.version != "atom10":
        fail(f"not Atom 1.0 but {feed.version!r}")
    for name in ("id", "title", "updated"):
        if not feed.feed.get(name):
            fail(f"the feed has no {name}")
    ids = []
    for entry in feed.entries:
        for name in ("id", "title", "link", "published", "updated", "author"):
            if not entry.get(name):
                fail(f"entry {entry.get('id')!r} has no {name}")
        if not entry.get("published_parsed"):
            fail(f"entry {entry.id!r}: published {entry.published!r} is not an instant")
        contents = entry.get("content") or []
        if not contents or contents[0].get("type") != "text/html" or not contents[0].get("value"):
            fail(f"entry {entry.id!r} has no HTML content")
        ids.append(entry.id)
    for want in wanted:
        if want not in ids:
            fail(f"no entry {want} among {ids}")
    print(f"atom check passed: {path}: {len(feed.entries)} entries")


if __name__ == "__main__":
    main()
