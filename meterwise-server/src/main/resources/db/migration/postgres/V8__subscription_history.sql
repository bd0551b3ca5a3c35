-- Issue 8 (ADR 0020): a subscription's offer, currency and country of purchase are effective-dated plans, as prices
-- are. Twin of the DuckDB script of the same name.
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
SELECT subscription_id, date_trunc('month', created_at), offer_id, currency, region_info, created_at
FROM subscription;

CREATE TABLE subscription_state_change (
    subscription_id UUID NOT NULL,
    changed_at      TIMESTAMP NOT NULL,
    state           VARCHAR NOT NULL,
    PRIMARY KEY (subscription_id, changed_at)
);

-- One invoice per subscription, billing period and currency (adjustments of a period billed in another currency go
-- on an invoice of their own).
ALTER TABLE invoice DROP CONSTRAINT invoice_subscription_id_period_month_key;

ALTER TABLE invoice ADD CONSTRAINT invoice_subscription_id_period_month_currency_key
    UNIQUE (subscription_id, period_month, currency);
