-- Creates the two roles of Vellum's database on PostgreSQL (docs/operations.md, "PostgreSQL"). Run once per
-- PostgreSQL cluster, by a superuser or a role with CREATEROLE, before create-database.sql:
--
--     VELLUM_DB_OWNER_PASSWORD=... VELLUM_DB_APP_PASSWORD=... \
--     psql -v ON_ERROR_STOP=1 -U postgres -v owner=vellum_owner -v app=vellum_app -f create-roles.sql
--
-- vellum_owner owns the database and its schema: the appliance runs the schema migrations with it, and then
-- harden.sql (ejb/src/main/resources/db/postgresql), which lets vellum_app only SELECT and INSERT the ledger.
-- vellum_app is what the appliance runs as. The passwords are the operator's; this file holds none, and they come
-- from the environment rather than the command line, where other users of the host could read them.

\getenv owner_password VELLUM_DB_OWNER_PASSWORD
\getenv app_password VELLUM_DB_APP_PASSWORD

CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN PASSWORD :'app_password';
