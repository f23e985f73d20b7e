-- The admin console (docs/console.md): a job's schedule as an admin last set it, over the configured default. Each
-- change is appended to the ledger as a config.changed event first; ledger_seq names the last one.
CREATE TABLE job_schedule (
    job VARCHAR(64) NOT NULL PRIMARY KEY,
    cron VARCHAR(200) NOT NULL,
    enabled BOOLEAN NOT NULL,
    changed_by VARCHAR(64) NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ledger_seq BIGINT NOT NULL
);
