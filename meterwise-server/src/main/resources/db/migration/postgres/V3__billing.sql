-- Billing (ADR 0010). An issued invoice and its lines are only ever inserted: nothing updates or deletes them.
-- A subscription has at most one invoice per billing period (unique), which makes issuing idempotent.
CREATE TABLE invoice (
    subscription_id   UUID NOT NULL,
    name              VARCHAR NOT NULL,
    tenant_id         VARCHAR NOT NULL,
    invoice_number    BIGINT NOT NULL,
    subscription_name VARCHAR NOT NULL,
    offer_id          VARCHAR NOT NULL,
    currency          VARCHAR NOT NULL,
    period_month      VARCHAR NOT NULL,
    issued_at         TIMESTAMP NOT NULL,
    ingest_seq_high   BIGINT NOT NULL,
    total             DECIMAL(38, 9) NOT NULL,
    content_sha256    VARCHAR NOT NULL,
    PRIMARY KEY (subscription_id, name),
    UNIQUE (subscription_id, period_month),
    UNIQUE (tenant_id, invoice_number)
);

CREATE TABLE invoice_line (
    subscription_id        UUID NOT NULL,
    invoice_name           VARCHAR NOT NULL,
    line_number            INTEGER NOT NULL,
    kind                   VARCHAR NOT NULL,
    adjusted_period        VARCHAR,
    meter_id               UUID,
    description            VARCHAR NOT NULL,
    category               VARCHAR NOT NULL,
    price_effective_from   TIMESTAMP,
    tier_threshold         VARCHAR,
    quantity               VARCHAR NOT NULL,
    included_quantity_used VARCHAR NOT NULL,
    billable_quantity      VARCHAR NOT NULL,
    unit_price             VARCHAR,
    amount                 DECIMAL(38, 9) NOT NULL,
    PRIMARY KEY (subscription_id, invoice_name, line_number)
);

-- Which usage an invoice took into account: for its own period and each closed period it re-rated, every record up to
-- ingest_seq_high. A record of a period with a higher sequence number is late usage for the next invoice.
CREATE TABLE invoice_coverage (
    subscription_id UUID NOT NULL,
    invoice_name    VARCHAR NOT NULL,
    period_month    VARCHAR NOT NULL,
    ingest_seq_high BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, invoice_name, period_month)
);

-- Gapless invoice numbers: incremented in the transaction that inserts the invoice.
CREATE TABLE invoice_counter (
    tenant_id   VARCHAR PRIMARY KEY,
    last_number BIGINT NOT NULL
);

-- The PDF is rendered from the stored lines on first download and kept; content_sha256 of the invoice pins what it shows.
CREATE TABLE invoice_document (
    subscription_id UUID NOT NULL,
    invoice_name    VARCHAR NOT NULL,
    pdf             BYTEA NOT NULL,
    pdf_sha256      VARCHAR NOT NULL,
    rendered_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (subscription_id, invoice_name)
);

CREATE TABLE invoice_settings (
    subscription_id UUID PRIMARY KEY,
    download_opt_in BOOLEAN NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
