-- Notification outbox (ADR 0044). A fired alert's notice is stored once per id with the deliveries it needs, in one
-- transaction; the dispatcher claims a due delivery by a conditional update of (attempts, next_attempt_at), logs each
-- attempt, and never sends a delivery again once it is DELIVERED or FAILED.
CREATE TABLE notification (
    id          VARCHAR NOT NULL PRIMARY KEY,
    notice_json VARCHAR NOT NULL,
    enqueued_at TIMESTAMP NOT NULL
);

CREATE TABLE notification_delivery (
    id              VARCHAR NOT NULL PRIMARY KEY,
    notification_id VARCHAR NOT NULL,
    channel         VARCHAR NOT NULL,
    target          VARCHAR NOT NULL,
    state           VARCHAR NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    last_status     INTEGER,
    updated_at      TIMESTAMP NOT NULL
);
-- No secondary indexes here: DuckDB scans these small tables fast, and its ART indexes turn updates of indexed
-- columns into delete-and-insert. The PostgreSQL twin has them.

CREATE TABLE notification_attempt (
    delivery_id VARCHAR NOT NULL,
    attempt     INTEGER NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    outcome     VARCHAR NOT NULL,
    status      INTEGER,
    detail      VARCHAR NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- Webhook endpoints (the Action Group stand-in). name_key is the lower-case name; the secret keys the HMAC signature
-- and so is kept as given (the data directory and the PostgreSQL database are the secrets' protection, ADR 0044).
CREATE TABLE webhook_endpoint (
    name_key   VARCHAR NOT NULL PRIMARY KEY,
    name       VARCHAR NOT NULL,
    url        VARCHAR NOT NULL,
    secret     VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
