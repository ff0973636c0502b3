-- History is written once and never changed: no role but the owner may UPDATE, DELETE or TRUNCATE
-- the audit trail, nor write the migration history (the bot only reads it, to refuse a start on a
-- database it does not match).
--
-- With deploy/postgres/roles.sql, the default privileges grant the application role
-- SELECT, INSERT, UPDATE and DELETE on every table the owner creates, audit_events included when
-- the roles exist before the first migration (a new database). Revoking here, whoever holds the
-- grant, keeps the result the same whichever ran first: roles.sql or the migrations. A migration
-- that creates another table the bot must not change ends with the same revoke.
-- Without separate roles (PGlite, or one role that owns everything) there is nothing to revoke.
DO $$
DECLARE
  target text;
  grantee text;
BEGIN
  FOREACH target IN ARRAY ARRAY['audit_events', '_prisma_migrations'] LOOP
    CONTINUE WHEN to_regclass(quote_ident(target)) IS NULL;
    FOR grantee IN
      SELECT DISTINCT CASE WHEN acl.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END
      FROM pg_class c
      CROSS JOIN LATERAL aclexplode(c.relacl) acl
      LEFT JOIN pg_roles r ON r.oid = acl.grantee
      WHERE c.oid = to_regclass(quote_ident(target))
        AND acl.grantee <> c.relowner
        AND acl.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')
    LOOP
      IF target = 'audit_events' THEN
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I FROM %s CASCADE', target, grantee);
      ELSE
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I FROM %s CASCADE', target, grantee);
      END IF;
    END LOOP;
  END LOOP;
END $$;
