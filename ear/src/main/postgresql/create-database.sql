-- Creates Vellum's database on PostgreSQL with separated privileges (docs/operations.md, "PostgreSQL"), after
-- create-roles.sql. Run by a superuser or a role with CREATEDB that is a member of both roles:
--
--     psql -v ON_ERROR_STOP=1 -U postgres -v db=vellum -v owner=vellum_owner -v app=vellum_app \
--          -f create-database.sql
--
-- The ledger's schema (public) belongs to vellum_owner; vellum_app may use it but create nothing in it. The job
-- repository (JBeret creates its own tables on first use) lives in schema vellum_batch, owned by vellum_app.

CREATE DATABASE :"db" OWNER :"owner" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";

\connect :"db"

ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
CREATE SCHEMA vellum_batch AUTHORIZATION :"app";
ALTER ROLE :"app" IN DATABASE :"db" SET search_path = vellum_batch, public;
ALTER ROLE :"owner" IN DATABASE :"db" SET search_path = public;
