-- The two PostgreSQL roles of a production four-eyes, and what each may do (docs/deploy.md).
--
--   owner_role  owns the schema and every object in it, and runs the migrations
--               (`npm run db:migrate` with DATABASE_URL naming this role).
--   app_role    what the bot logs in as. It reads and writes its tables, but may only read and
--               append to the audit trail (audit_events) and only read the migration history
--               (_prisma_migrations): whatever the bot is made to do, it cannot rewrite history.
--
-- Run it as a superuser (on a managed service, the admin role it gives you), connected to the
-- bot's database, which must exist:
--
--   psql "postgres://postgres@db.internal:5432/four_eyes" -v ON_ERROR_STOP=1 \
--     -v owner_role=four_eyes_owner -v app_role=four_eyes_app -f deploy/postgres/roles.sql
--
-- then give both roles a password (in psql: \password four_eyes_app), or set them up however
-- your platform authenticates. It runs in one transaction, and it is safe to run again at any
-- time, before or after migrations: it creates what is missing, hands every object in the schema
-- to owner_role, and sets the app role's grants again from nothing.
--
-- psql variables are the only psql feature used (a colon before a variable name in single quotes
-- is a literal, in double quotes an identifier; never inside the $$ blocks), so the test
-- test/deploy/postgres-roles.test.ts runs this very file.

BEGIN;

SET LOCAL four_eyes.owner_role = :'owner_role';
SET LOCAL four_eyes.app_role = :'app_role';

DO $$
DECLARE
  owner_role text := current_setting('four_eyes.owner_role');
  app_role text := current_setting('four_eyes.app_role');
  item record;
BEGIN
  IF owner_role = '' OR app_role = '' OR owner_role = app_role THEN
    RAISE EXCEPTION 'owner_role and app_role must name two different roles';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = owner_role) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', owner_role);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app_role) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', app_role);
  END IF;
  -- Privileges restrict neither a superuser nor a member of the owner role.
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = app_role AND (rolsuper OR rolbypassrls)) THEN
    RAISE EXCEPTION 'app_role % is a superuser or bypasses row security: grants cannot restrict it', app_role;
  END IF;
  IF pg_has_role(app_role, owner_role, 'MEMBER') THEN
    RAISE EXCEPTION 'app_role % is a member of owner_role %: it would act as the owner', app_role, owner_role;
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app_role);
  -- CREATE too: the first migration says CREATE SCHEMA IF NOT EXISTS "public", and PostgreSQL
  -- checks the privilege before it sees the schema exists.
  EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO %I', current_database(), owner_role);

  -- A database migrated before by another role (a superuser, or the bot's own role): the owner
  -- must own what the next migration alters. Sequences of serial columns follow their table;
  -- objects of extensions stay with the extension.
  FOR item IN
    SELECT format('ALTER %s %s OWNER TO %I',
             CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
               WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
             c.oid::regclass, owner_role) AS command
    FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND c.relowner <> to_regrole(quote_ident(owner_role))
      AND NOT EXISTS (SELECT FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND d.deptype IN ('a', 'i', 'e'))
    UNION ALL
    SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, owner_role)
    FROM pg_type t
    WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd')
      AND t.typowner <> to_regrole(quote_ident(owner_role))
      AND NOT EXISTS (SELECT FROM pg_depend d
                      WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
    UNION ALL
    SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, owner_role)
    FROM pg_proc p
    WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
      AND p.proowner <> to_regrole(quote_ident(owner_role))
      AND NOT EXISTS (SELECT FROM pg_depend d
                      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE item.command;
  END LOOP;
END $$;

-- Only the owner creates objects: PostgreSQL 14 and older let every role create in public.
ALTER SCHEMA public OWNER TO :"owner_role";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app_role";

-- Tables and sequences the owner creates from now on (every later migration): the app may read
-- and write them, and draw numbers from their sequences. Never TRUNCATE, never DDL.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app_role";

-- Tables that exist already: the same, from nothing, so a grant made by hand does not linger.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM :"app_role";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";

-- Except history. The default privileges above cannot leave one table out, so a new database
-- (roles first, then migrations) gets the same revoke from the migration
-- 20261125000000_history_grants; here it covers a database migrated before this file ran.
-- A migration creating another table the bot must never change ends with such a revoke too.
DO $$
DECLARE
  app_role text := current_setting('four_eyes.app_role');
BEGIN
  IF to_regclass('public.audit_events') IS NOT NULL THEN
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_events FROM %I', app_role);
  END IF;
  IF to_regclass('public._prisma_migrations') IS NOT NULL THEN
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public._prisma_migrations FROM %I', app_role);
  END IF;
END $$;

COMMIT;
