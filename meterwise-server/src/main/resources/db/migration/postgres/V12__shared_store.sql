-- Several servers may share this database (issue 10, ADR 0035). Signing keys (continuation tokens, download links)
-- live here so a token minted on one replica verifies on another; a key row is inserted once and never changed.
CREATE TABLE shared_secret (
    name       VARCHAR PRIMARY KEY,
    secret     BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- The ledger's duplicate check looks stored records up by id, and the next sequence number is the largest stored
-- one: both by index, so neither grows with the ledger. Usage is read per subscription by report or usage time.
CREATE INDEX usage_record_record_id ON usage_record (record_id);
CREATE INDEX usage_record_ingest_seq ON usage_record (ingest_seq);
CREATE INDEX usage_record_reported ON usage_record (subscription_id, reported_at);
CREATE INDEX usage_record_usage_start ON usage_record (subscription_id, usage_start);

-- The catalog revision: every catalog write on a shared store increments it in its transaction, so a replica knows
-- when its in-memory copy of the catalog is stale. One row.
CREATE TABLE catalog_revision (
    id       INTEGER PRIMARY KEY,
    revision BIGINT NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);

-- The clock every replica stamps report times and reads the usage watermark with: the database's, one for all.
CREATE FUNCTION meterwise_now() RETURNS TIMESTAMPTZ LANGUAGE SQL VOLATILE AS 'SELECT clock_timestamp()';
