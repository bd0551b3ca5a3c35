-- The ledger's duplicate check (ADR 0040): per stored record a 60-bit fingerprint of its record id and its ingest_seq.
-- A batch is joined against this narrow table, not the wide ledger; a fingerprint hit is re-checked exactly against
-- the ledger row it names (found by ingest_seq, which the ledger's zone maps locate), so a collision never drops a
-- record. Written by the ledger in the transaction that appends the records; derived, so migrate-store does not copy it.
CREATE TABLE usage_record_key (
    fingerprint BIGINT NOT NULL,
    ingest_seq  BIGINT NOT NULL
);
INSERT INTO usage_record_key SELECT CAST(md5_number_lower(record_id) >> 4 AS BIGINT), ingest_seq FROM usage_record;
