-- Seals (docs/FORMAT.md §8): the canonical bytes exactly as signed, the detached CAdES signature, and what the
-- appliance needs to go on from each seal without reading old entries again (the ledger-wide tree's frontier) and to
-- answer proofs without reading the whole period (the roots of the period tree's blocks of period_block_size leaves).
CREATE TABLE seal (
    seal_no BIGINT NOT NULL PRIMARY KEY,
    sealed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    canonical BYTEA NOT NULL,
    signature BYTEA NOT NULL,
    gen_time TIMESTAMP WITH TIME ZONE NOT NULL,
    tsa VARCHAR(1024) NOT NULL,
    ledger_frontier BYTEA NOT NULL,
    period_block_size INT NOT NULL,
    period_blocks BYTEA NOT NULL,
    clock_flags VARCHAR(4000),
    job_instance BIGINT,
    CONSTRAINT seal_job_instance UNIQUE (job_instance)
);

CREATE INDEX seal_last_seq ON seal (last_seq);
