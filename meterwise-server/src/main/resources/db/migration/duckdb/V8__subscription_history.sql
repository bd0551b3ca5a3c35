-- Issue 8 (ADR 0020): a subscription's offer, currency and country of purchase are effective-dated plans, as prices
-- are. A plan takes effect at the start of a billing period and is never changed once a period under it is invoiced,
-- subscription.offer_id, currency and region_info hold the latest plan. Existing subscriptions get their one plan from
-- the start of the month they were created in.
CREATE TABLE subscription_plan (
    subscription_id UUID NOT NULL,
    effective_from  TIMESTAMP NOT NULL,
    offer_id        VARCHAR NOT NULL,
    currency        VARCHAR NOT NULL,
    region_info     VARCHAR NOT NULL,
    recorded_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (subscription_id, effective_from)
);

INSERT INTO subscription_plan (subscription_id, effective_from, offer_id, currency, region_info, recorded_at)
SELECT subscription_id, CAST(date_trunc('month', created_at) AS TIMESTAMP), offer_id, currency, region_info, created_at
FROM subscription;

-- When a subscription entered a state (Enabled, Warned, PastDue, Disabled, Deleted), to bill the time it was active.
-- Only changes made from this script on are known; a subscription without rows is active since its creation.
CREATE TABLE subscription_state_change (
    subscription_id UUID NOT NULL,
    changed_at      TIMESTAMP NOT NULL,
    state           VARCHAR NOT NULL,
    PRIMARY KEY (subscription_id, changed_at)
);

-- Adjustments stay in the currency of the period they adjust: after a currency change they go on an invoice of their
-- own, so a subscription may have one invoice per billing period and currency. DuckDB cannot drop a constraint; the
-- table is rebuilt with the same columns.
CREATE TABLE invoice_by_currency (
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
    UNIQUE (subscription_id, period_month, currency),
    UNIQUE (tenant_id, invoice_number)
);

INSERT INTO invoice_by_currency SELECT subscription_id, name, tenant_id, invoice_number, subscription_name, offer_id,
    currency, period_month, issued_at, ingest_seq_high, total, content_sha256 FROM invoice;

DROP TABLE invoice;

ALTER TABLE invoice_by_currency RENAME TO invoice;
