-- Several appliances on one database (a cluster; docs/operations.md, "Cluster").

-- The ledger's writer lock: appliances that share the database take this row's lock before they read the head and
-- append, so that they append one after the other and keep one gap-free order and one chain. A lone appliance with its
-- own journal never takes it.
CREATE TABLE ledger_writer (
    id INT NOT NULL PRIMARY KEY,
    CONSTRAINT ledger_writer_single CHECK (id = 1)
);
INSERT INTO ledger_writer (id) VALUES (1);

-- The nodes, each with its last sign of life (the database's clock, not the node's).
CREATE TABLE cluster_node (
    name VARCHAR(128) NOT NULL PRIMARY KEY,
    started_at TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Which node runs which job execution; a node that stops beating loses its executions to a live one, which restarts
-- them from their last checkpoint.
CREATE TABLE job_owner (
    execution_id BIGINT NOT NULL PRIMARY KEY,
    job VARCHAR(64) NOT NULL,
    node VARCHAR(128) NOT NULL,
    taken_from VARCHAR(128)
);

-- A scheduled run is claimed here first: every node's timer fires, one node runs the job.
CREATE TABLE job_claim (
    job VARCHAR(64) NOT NULL PRIMARY KEY,
    claimed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    node VARCHAR(128) NOT NULL
);
