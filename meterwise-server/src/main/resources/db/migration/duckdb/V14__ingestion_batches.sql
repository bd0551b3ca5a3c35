-- The ingestion log (ADR 0048): one row per batch sent to POST /providers/Meterwise/usage or the ingest command. A
-- stored batch's row is written in the transaction that stores its records; a rejected batch's row stands alone.
-- subscription_ids: up to 20 ids, comma-separated; first_errors_json: up to 5 {line, field, reason} objects.
-- No secondary index: DuckDB orders this small table by received_at fast enough. The PostgreSQL twin has one.
CREATE TABLE ingestion_batch (
    batch_id           VARCHAR NOT NULL PRIMARY KEY,
    received_at        TIMESTAMP NOT NULL,
    status             VARCHAR NOT NULL,
    subscription_ids   VARCHAR NOT NULL,
    subscription_count BIGINT NOT NULL,
    records            BIGINT NOT NULL,
    accepted           BIGINT NOT NULL,
    duplicates         BIGINT NOT NULL,
    rejected           BIGINT NOT NULL,
    first_errors_json  VARCHAR NOT NULL
);
