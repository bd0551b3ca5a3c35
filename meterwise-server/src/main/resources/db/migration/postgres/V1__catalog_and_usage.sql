-- All timestamps are UTC (TIMESTAMP without zone, written and read as UTC instants).
CREATE TABLE offer (
    durable_id   VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    offer_type   VARCHAR NOT NULL,
    terms_json   VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE meter (
    meter_id      UUID PRIMARY KEY,
    name          VARCHAR NOT NULL,
    category      VARCHAR NOT NULL,
    subcategory   VARCHAR NOT NULL,
    region        VARCHAR NOT NULL,
    unit          VARCHAR NOT NULL,
    tags_json     VARCHAR NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

-- A price version is never updated or deleted: a new row with a later effective_from supersedes it.
CREATE TABLE price_version (
    offer_id          VARCHAR NOT NULL,
    currency          VARCHAR NOT NULL,
    region_info       VARCHAR NOT NULL,
    meter_id          UUID NOT NULL,
    effective_from    TIMESTAMP NOT NULL,
    included_quantity DECIMAL(38, 9) NOT NULL,
    tiers_json        VARCHAR NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (offer_id, currency, region_info, meter_id, effective_from)
);

CREATE TABLE subscription (
    subscription_id UUID PRIMARY KEY,
    display_name    VARCHAR NOT NULL,
    state           VARCHAR NOT NULL,
    offer_id        VARCHAR NOT NULL,
    currency        VARCHAR NOT NULL,
    region_info     VARCHAR NOT NULL,
    tenant_id       VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL
);

-- Append-only. No primary key: idempotency is checked per batch by the ledger. ingest_seq is assigned by the ledger
-- in commit order and never reused.
CREATE TABLE usage_record (
    ingest_seq           BIGINT NOT NULL,
    record_id            VARCHAR NOT NULL,
    subscription_id      UUID NOT NULL,
    meter_id             UUID NOT NULL,
    quantity             DECIMAL(38, 9) NOT NULL,
    usage_start          TIMESTAMP NOT NULL,
    usage_end            TIMESTAMP NOT NULL,
    resource_uri         VARCHAR NOT NULL,
    location             VARCHAR NOT NULL,
    tags_json            VARCHAR NOT NULL,
    additional_info_json VARCHAR NOT NULL,
    reported_at          TIMESTAMP NOT NULL
);
