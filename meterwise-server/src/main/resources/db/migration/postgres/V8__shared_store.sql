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
