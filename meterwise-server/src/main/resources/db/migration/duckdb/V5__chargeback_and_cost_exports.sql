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

-- Cost Management exports (ADR 0035): the definition as the API stores it, and the history of its runs.
CREATE TABLE cost_export (
    scope           VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    subscription_id UUID NOT NULL,
    definition_json VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, name)
);

CREATE TABLE cost_export_run (
    scope            VARCHAR NOT NULL,
    export_name      VARCHAR NOT NULL,
    run_id           VARCHAR NOT NULL,
    execution_type   VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
    submitted_time   TIMESTAMP NOT NULL,
    processing_start TIMESTAMP,
    processing_end   TIMESTAMP,
    period_from      TIMESTAMP NOT NULL,
    period_to        TIMESTAMP NOT NULL,
    error_code       VARCHAR,
    error_message    VARCHAR,
    manifest_json    VARCHAR,
    PRIMARY KEY (scope, export_name, run_id)
);
