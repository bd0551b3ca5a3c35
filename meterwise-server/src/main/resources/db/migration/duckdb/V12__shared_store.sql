-- The PostgreSQL twin keeps shared signing keys in the database for replicas (ADR 0035). The embedded store has one
-- server per data directory and keeps its keys as files there; the table exists so both stores have one schema (and
-- migrate-store copies a deployment table by table). DuckDB's zone maps serve the ledger's reads without indexes.
CREATE TABLE shared_secret (
    name       VARCHAR PRIMARY KEY,
    secret     BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- The catalog revision: every catalog write on a shared store increments it in its transaction, so a replica knows
-- when its in-memory copy of the catalog is stale. One row.
CREATE TABLE catalog_revision (
    id       INTEGER PRIMARY KEY,
    revision BIGINT NOT NULL
);
INSERT INTO catalog_revision (id, revision) VALUES (1, 0);
