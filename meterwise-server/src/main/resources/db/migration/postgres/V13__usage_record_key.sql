-- Twin of the embedded store's key table (ADR 0040), so both stores have one schema. PostgreSQL finds duplicates
-- through its index on usage_record (record_id) and leaves this table empty.
CREATE TABLE usage_record_key (
    fingerprint BIGINT NOT NULL,
    ingest_seq  BIGINT NOT NULL
);
