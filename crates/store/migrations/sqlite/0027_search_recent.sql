-- Search ranks the rows found newest first (crates/store/src/search/mod.rs): this index gives the entries in that
-- order, so that a word many entries hold is answered by reading the newest few of them and not all.
CREATE INDEX search_entry_recent ON search_entry (at_us DESC, kind, row_id DESC, id);
