-- Creates the two roles of Vellum's database on PostgreSQL (docs/operations.md, "PostgreSQL"). Run once per
-- PostgreSQL cluster, by a superuser or a role with CREATEROLE, before create-database.sql:
--
--     psql -v ON_ERROR_STOP=1 -U postgres -v owner=vellum_owner -v app=vellum_app \
--          -v owner_password="$VELLUM_DB_OWNER_PASSWORD" -v app_password="$VELLUM_DB_APP_PASSWORD" \
--          -f create-roles.sql
--
-- vellum_owner owns the database and its schema: the appliance runs the schema migrations with it, and then
-- harden.sql (ejb/src/main/resources/db/postgresql), which lets vellum_app only SELECT and INSERT the ledger.
-- vellum_app is what the appliance runs as. The passwords are the operator's; this file holds none.

CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN PASSWORD :'app_password';
