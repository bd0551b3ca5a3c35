-- Service principals of the built-in token issuer. The secret is kept only as a PBKDF2-HMAC-SHA256 hash
-- ("pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>").
CREATE TABLE principal (
    object_id    VARCHAR PRIMARY KEY,
    client_id    VARCHAR NOT NULL UNIQUE,
    display_name VARCHAR NOT NULL,
    secret_hash  VARCHAR NOT NULL,
    operator     BOOLEAN NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

-- Azure role assignments. scope is '/subscriptions/<lower-case guid>'; principal_id is a token's oid (else sub).
CREATE TABLE role_assignment (
    name               UUID PRIMARY KEY,
    scope              VARCHAR NOT NULL,
    principal_id       VARCHAR NOT NULL,
    role_definition_id UUID NOT NULL,
    created_at         TIMESTAMP NOT NULL
);
