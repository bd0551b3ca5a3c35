-- Budgets and usage alert rules (ADR 0041): one row per rule; rule_json holds the whole definition (the API's
-- properties, the rule id and the eTag). Names compare case-insensitively within a scope: name_key is lower-cased,
-- resource_group is the lower-cased resource group ('' for subscription scope). measure is 'Cost' or 'Usage'.
CREATE TABLE budget_rule (
    subscription_id UUID NOT NULL,
    resource_group  VARCHAR NOT NULL,
    measure         VARCHAR NOT NULL,
    name_key        VARCHAR NOT NULL,
    etag            VARCHAR NOT NULL,
    rule_json       VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (subscription_id, resource_group, measure, name_key)
);

-- Fired alerts: alert_id identifies one threshold of one rule in one period, so a threshold is stored (fired) once.
-- alert_json is the rule as it was when it fired, the notification's name, the period and the measured value.
-- enqueued_at is set once the notice is in the notification outbox; NULL ones are enqueued again at start.
CREATE TABLE fired_alert (
    alert_id           UUID NOT NULL PRIMARY KEY,
    subscription_id    UUID NOT NULL,
    resource_group     VARCHAR NOT NULL,
    alert_json         VARCHAR NOT NULL,
    fired_at           TIMESTAMP NOT NULL,
    status             VARCHAR NOT NULL,
    status_modified_at TIMESTAMP,
    status_modified_by VARCHAR,
    enqueued_at        TIMESTAMP
);
