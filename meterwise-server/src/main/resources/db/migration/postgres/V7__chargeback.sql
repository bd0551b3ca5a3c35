-- Chargeback (ADR 0033). Rule versions of a subscription, effective for whole billing periods
-- [effective_from, effective_to] (months, inclusive; NULL = open-ended); they never overlap (checked by the service).
CREATE TABLE chargeback_rule_version (
    subscription_id UUID NOT NULL,
    name           VARCHAR NOT NULL,
    effective_from VARCHAR NOT NULL,
    effective_to   VARCHAR,
    rules_json     VARCHAR NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (subscription_id, name)
);

-- The chargeback report of an invoiced period, with the rule version that made it: inserted once, never updated, so a
-- later rule change never alters it (as an invoice never changes).
CREATE TABLE chargeback_report (
    subscription_id UUID NOT NULL,
    period_month    VARCHAR NOT NULL,
    report_json     VARCHAR NOT NULL,
    rules_json      VARCHAR NOT NULL,
    stored_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (subscription_id, period_month)
);
