-- The ledger, its genesis record and the appliance's users. Written for H2 2.x and PostgreSQL alike.
-- ledger_entry is append-only: the application has no UPDATE or DELETE for it.

CREATE TABLE ledger_genesis (
    id INT NOT NULL PRIMARY KEY,
    appliance_id VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    canonical BYTEA NOT NULL,
    chain_hash BYTEA NOT NULL,
    CONSTRAINT ledger_genesis_single CHECK (id = 0)
);

CREATE TABLE ledger_entry (
    seq BIGINT NOT NULL PRIMARY KEY,
    event_id UUID NOT NULL,
    event_type VARCHAR(256) NOT NULL,
    node VARCHAR(256) NOT NULL,
    source_ts TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    flags VARCHAR(128),
    canonical BYTEA NOT NULL,
    salt BYTEA NOT NULL,
    leaf_hash BYTEA NOT NULL,
    chain_hash BYTEA NOT NULL,
    CONSTRAINT ledger_entry_event_id UNIQUE (event_id)
);

-- Each node's newest event time, for the clock-skew check; kept with the entries in the same transaction, so that
-- ledger_entry needs no index by node.
CREATE TABLE ledger_node_clock (
    node VARCHAR(256) NOT NULL PRIMARY KEY,
    last_ts TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seq BIGINT NOT NULL
);

CREATE TABLE vellum_user (
    name VARCHAR(64) NOT NULL PRIMARY KEY,
    password_hash VARCHAR(128) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE vellum_user_role (
    name VARCHAR(64) NOT NULL,
    role VARCHAR(64) NOT NULL,
    PRIMARY KEY (name, role),
    CONSTRAINT vellum_user_role_user FOREIGN KEY (name) REFERENCES vellum_user (name)
);
