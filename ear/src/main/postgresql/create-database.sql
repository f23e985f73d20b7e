-- Creates Vellum's database on PostgreSQL with separated privileges (docs/operations.md, "PostgreSQL"), after
-- create-roles.sql. Run by a superuser or a role with CREATEDB that is a member of both roles:
--
--     psql -v ON_ERROR_STOP=1 -U postgres -v db=vellum -v owner=vellum_owner -v app=vellum_app \
--          -f create-database.sql
--
-- The ledger's schema (public) belongs to vellum_owner; vellum_app may use it but create nothing in it. The job
-- repository (JBeret creates its own tables on first use) lives in schema vellum_batch, owned by vellum_app, which
-- comes first in vellum_app's search path; an event trigger refuses any table, view or other relation outside public
-- that bears the name of one in public, so that vellum_app cannot put a table of its own in front of the ledger.
-- A lock or an idle transaction of vellum_app's cannot hold the other nodes of a cluster up for long.

CREATE DATABASE :"db" OWNER :"owner" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";

\connect :"db"

ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
CREATE SCHEMA vellum_batch AUTHORIZATION :"app";
ALTER ROLE :"app" IN DATABASE :"db" SET search_path = vellum_batch, public;
ALTER ROLE :"owner" IN DATABASE :"db" SET search_path = public;
ALTER ROLE :"app" IN DATABASE :"db" SET lock_timeout = '20s';
ALTER ROLE :"app" IN DATABASE :"db" SET idle_in_transaction_session_timeout = '5min';

CREATE FUNCTION vellum_no_shadow() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
    made RECORD;
    name TEXT;
BEGIN
    FOR made IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE classid = 'pg_class'::regclass LOOP
        SELECT c.relname INTO name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = made.objid AND n.nspname <> 'public';
        IF name IS NOT NULL AND EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = name) THEN
            RAISE EXCEPTION 'VELLUM: % may not be named like the ledger''s table public.%', made.object_identity, name
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END LOOP;
END $$;
CREATE EVENT TRIGGER vellum_no_shadow ON ddl_command_end EXECUTE FUNCTION vellum_no_shadow();
