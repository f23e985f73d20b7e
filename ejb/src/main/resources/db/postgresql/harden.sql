-- Separated privileges for the ledger on PostgreSQL (docs/operations.md, "PostgreSQL: separated privileges").
-- Run as the owner of the schema (vellum_owner) after the schema migrations, naming the appliance's role:
--     psql -v ON_ERROR_STOP=1 -v app=vellum_app -U vellum_owner -d vellum -f harden.sql
-- Idempotent: run it again after every migration.
--
-- 1. The appliance's role may only SELECT and INSERT the ledger (ledger_entry, ledger_genesis, seal): no UPDATE,
--    DELETE or TRUNCATE. It keeps full use of the operational tables (collection positions, archives, copies, tapes).
-- 2. A trigger refuses UPDATE, DELETE and TRUNCATE on those three tables to everyone, the owner included, unless the
--    transaction declares a break-glass reason (SET LOCAL vellum.break_glass = '...', at least 10 characters); every
--    row so changed is written, before and after, to break_glass_log, which the appliance may read but not change,
--    and which a trigger keeps from being changed by anyone (short of the owner dropping the trigger, which a
--    database audit log would show; the verifier names the changed entries either way).

SELECT set_config('vellum.app_role', :'app', false);

CREATE TABLE IF NOT EXISTS break_glass_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    db_user TEXT NOT NULL DEFAULT current_user,
    client_addr TEXT DEFAULT inet_client_addr()::text,
    reason TEXT NOT NULL,
    operation TEXT NOT NULL,
    table_name TEXT NOT NULL,
    old_row JSONB,
    new_row JSONB
);

CREATE OR REPLACE FUNCTION vellum_break_glass_reason() RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    reason TEXT := current_setting('vellum.break_glass', true);
BEGIN
    IF reason IS NULL OR length(btrim(reason)) < 10 THEN
        RETURN NULL;
    END IF;
    RETURN btrim(reason);
END $$;

-- One function for the row triggers (UPDATE, DELETE) and the statement trigger (TRUNCATE, which has no rows).
CREATE OR REPLACE FUNCTION vellum_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    reason TEXT := vellum_break_glass_reason();
BEGIN
    IF reason IS NULL THEN
        RAISE EXCEPTION 'VELLUM: % on % refused: the ledger is append-only; see the break-glass procedure in docs/operations.md',
            TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_LEVEL = 'STATEMENT' THEN
        INSERT INTO break_glass_log (reason, operation, table_name) VALUES (reason, TG_OP, TG_TABLE_NAME);
        RETURN NULL;
    END IF;
    INSERT INTO break_glass_log (reason, operation, table_name, old_row, new_row)
        VALUES (reason, TG_OP, TG_TABLE_NAME, to_jsonb(OLD), CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(NEW) END);
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
-- The log of break-glass changes is itself never changed: not even break-glass edits it.
CREATE OR REPLACE FUNCTION vellum_log_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'VELLUM: % on break_glass_log refused: the break-glass log is never changed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
DROP TRIGGER IF EXISTS vellum_log_is_final ON break_glass_log;
CREATE TRIGGER vellum_log_is_final BEFORE UPDATE OR DELETE ON break_glass_log
    FOR EACH ROW EXECUTE FUNCTION vellum_log_is_final();
DROP TRIGGER IF EXISTS vellum_log_is_final_truncate ON break_glass_log;
CREATE TRIGGER vellum_log_is_final_truncate BEFORE TRUNCATE ON break_glass_log
    FOR EACH STATEMENT EXECUTE FUNCTION vellum_log_is_final();

DO $$
DECLARE
    app TEXT := current_setting('vellum.app_role');
    t TEXT;
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), app);
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
        EXECUTE format('REVOKE ALL ON TABLE %I FROM %I', t, app);
        IF t IN ('ledger_entry', 'ledger_genesis', 'seal') THEN
            EXECUTE format('GRANT SELECT, INSERT ON TABLE %I TO %I', t, app);
            EXECUTE format('DROP TRIGGER IF EXISTS vellum_append_only ON %I', t);
            EXECUTE format('CREATE TRIGGER vellum_append_only BEFORE UPDATE OR DELETE ON %I'
                || ' FOR EACH ROW EXECUTE FUNCTION vellum_append_only()', t);
            EXECUTE format('DROP TRIGGER IF EXISTS vellum_append_only_truncate ON %I', t);
            EXECUTE format('CREATE TRIGGER vellum_append_only_truncate BEFORE TRUNCATE ON %I'
                || ' FOR EACH STATEMENT EXECUTE FUNCTION vellum_append_only()', t);
        ELSIF t IN ('break_glass_log', 'vellum_schema', 'vellum_schema_history') THEN
            EXECUTE format('GRANT SELECT ON TABLE %I TO %I', t, app);
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I TO %I', t, app);
        END IF;
    END LOOP;
    FOR t IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() LOOP
        EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO %I', t, app);
    END LOOP;
END $$;
