-- Cost Management exports (ADR 0045). A definition per scope (subscription, or resource group: lower case, '' for
-- none) and name, kept as the JSON Meterwise reads it back from; the run history, newest first by submitted_at.
CREATE TABLE cost_export (
    subscription_id UUID NOT NULL,
    resource_group  VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    scheduled       BOOLEAN NOT NULL,
    definition_json VARCHAR NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (subscription_id, resource_group, name)
);

CREATE TABLE cost_export_run (
    run_id          VARCHAR NOT NULL PRIMARY KEY,
    subscription_id UUID NOT NULL,
    resource_group  VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    execution_type  VARCHAR NOT NULL,
    status          VARCHAR NOT NULL,
    submitted_by    VARCHAR NOT NULL,
    submitted_at    TIMESTAMP NOT NULL,
    started_at      TIMESTAMP,
    ended_at        TIMESTAMP,
    file_name       VARCHAR,
    error_code      VARCHAR,
    error_message   VARCHAR,
    settings_json   VARCHAR NOT NULL
);

CREATE INDEX cost_export_run_by_export ON cost_export_run (subscription_id, resource_group, name, submitted_at);
