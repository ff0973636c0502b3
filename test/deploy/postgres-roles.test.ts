/**
 * deploy/postgres/roles.sql on a real PostgreSQL: the bot runs as the app role, and that role
 * cannot change the audit trail. Roles are cluster-wide, so each run names its own and drops
 * them afterwards.
 */

import { execFile } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngine } from "../../src/app/engine.ts";
import { verifyAuditTrail } from "../../src/audit/verify.ts";
import { loadEngineConfig } from "../../src/config/engine-config.ts";
import { openDatabase } from "../../src/db/database.ts";
import { PrismaHomePreferences } from "../../src/db/home-preferences.ts";
import { knownMigrations } from "../../src/db/migration-state.ts";
import { PrismaOutboxStore } from "../../src/db/prisma-outbox-store.ts";
import { PrismaTrailReader } from "../../src/db/prisma-trail-reader.ts";
import { REPEAT_WINDOW_MS, repeatSealing } from "../../src/requests/refused-attempts.ts";
import { slackNotifier } from "../../src/slack/notifier.ts";
import { createTestTarget } from "../support/database.ts";
import { interpolatePsqlVariables } from "../support/psql.ts";

const root = path.resolve(import.meta.dirname, "../..");
const ROLES_SQL = path.join(root, "deploy/postgres/roles.sql");
const AUDIT_KEY = "roles-test-audit-key-roles-test-audit-key";
const MAKER = "U0MAKER001";
const CHECKER = "U0CHECK001";
const DELEGATE = "U0DELEG001";
const STRANGER = "U0STRANGE1";

const APP_TABLES = [
  "requests",
  "outbox_messages",
  "home_preferences",
  "delegations",
  "refusal_tallies",
  "audit_sink_cursors",
];

interface Roles {
  readonly owner: string;
  readonly app: string;
}

function newRoles(): Roles {
  const suffix = randomBytes(5).toString("hex");
  return { owner: `fe_owner_${suffix}`, app: `fe_app_${suffix}` };
}

function urlAs(url: string, role: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = "";
  return parsed.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** What an operator runs with psql, run through pg with psql's variable interpolation. */
async function applyRoles(superuserUrl: string, roles: Roles): Promise<void> {
  const sql = interpolatePsqlVariables(await readFile(ROLES_SQL, "utf8"), {
    owner_role: roles.owner,
    app_role: roles.app,
  });
  await withClient(superuserUrl, (client) => client.query(sql));
}

/** The app role's table privileges, as PostgreSQL reports them: "table: S I U D T". */
async function appPrivileges(superuserUrl: string, app: string): Promise<Record<string, string>> {
  const rows = await withClient(superuserUrl, async (client) => {
    const result = await client.query<{ table: string; privileges: string }>(
      `SELECT c.relname AS table,
              concat_ws(' ',
                CASE WHEN has_table_privilege($1, c.oid, 'SELECT') THEN 'S' END,
                CASE WHEN has_table_privilege($1, c.oid, 'INSERT') THEN 'I' END,
                CASE WHEN has_table_privilege($1, c.oid, 'UPDATE') THEN 'U' END,
                CASE WHEN has_table_privilege($1, c.oid, 'DELETE') THEN 'D' END,
                CASE WHEN has_table_privilege($1, c.oid, 'TRUNCATE') THEN 'T' END) AS privileges
       FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       ORDER BY c.relname`,
      [app],
    );
    return result.rows;
  });
  return Object.fromEntries(rows.map((row) => [row.table, row.privileges]));
}

const EXPECTED_PRIVILEGES = {
  _prisma_migrations: "S",
  audit_events: "S I",
  ...Object.fromEntries(APP_TABLES.map((table) => [table, "S I U D"])),
};

async function owners(superuserUrl: string): Promise<string[]> {
  return withClient(superuserUrl, async (client) => {
    const result = await client.query<{ owner: string }>(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class
       WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S')
       UNION SELECT pg_get_userbyid(typowner) FROM pg_type
       WHERE typnamespace = 'public'::regnamespace AND typtype = 'e'
       UNION SELECT pg_get_userbyid(proowner) FROM pg_proc
       WHERE pronamespace = 'public'::regnamespace
       UNION SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'public'`,
    );
    return result.rows.map((row) => row.owner);
  });
}

/**
 * The bot's work as the app role, through the engine it really runs (MIGRATE_ON_START=false):
 * requests made, refused, approved, executed, cancelled and swept; a delegation set and ended;
 * outbox messages claimed and sent; Home preferences saved. Then the trail must verify.
 */
async function runTheBot(appUrl: string, dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const actionsFile = path.join(dataDir, "actions.yml");
  await writeFile(actionsFile, "actions: []\n");
  const config = loadEngineConfig({
    DATABASE_URL: appUrl,
    DATA_DIR: dataDir,
    ACTIONS_FILE: actionsFile,
    AUDIT_KEY,
    MIGRATE_ON_START: "false",
  });
  const engine = await startEngine(config, {
    env: {},
    notifier: (actions) => slackNotifier({ actions, auditChannel: undefined, maxReminders: 3 }),
  });
  try {
    const { requests, delegations } = engine;
    const input = {
      actionId: "post-note",
      environment: "production",
      team: "Acme",
      params: { note: "Maintenance on Sunday" },
      purpose: "Announce the maintenance window",
      makerId: MAKER,
      checkerIds: [CHECKER],
    };
    const created = await requests.createRequest(input);
    if (!created.ok) throw new Error(created.refusal.message);
    const requestId = created.value.request.id;
    // Refused twice: sealed once, the repeat counted, then sealed with its count by the sweep.
    for (const _ of [1, 2]) {
      expect((await requests.approveRequest({ requestId, actorId: STRANGER })).ok).toBe(false);
    }
    const closed = new Date(Date.now() + REPEAT_WINDOW_MS);
    expect(await engine.store.sealRepeats(closed, repeatSealing(randomUUID), 10)).toBe(1);
    const approved = await requests.approveRequest({ requestId, actorId: CHECKER });
    expect(approved.ok && approved.value.approved).toBe(true);
    const executed = await requests.executeRequest(requestId);
    expect(executed.ok && executed.value.status).toBe("FINISHED");

    const second = await requests.createRequest(input);
    if (!second.ok) throw new Error(second.refusal.message);
    const set = await delegations.setDelegation({
      checkerId: CHECKER,
      delegateId: DELEGATE,
      startsAt: null,
      endsAt: new Date(Date.now() + 86_400_000),
    });
    expect(set.ok).toBe(true);
    expect((await delegations.endDelegation(CHECKER)).ok).toBe(true);
    const cancelled = await requests.cancelRequest({
      requestId: second.value.request.id,
      actorId: MAKER,
    });
    expect(cancelled.ok).toBe(true);

    await engine.store.claimDue(new Date(Date.now() + 30 * 86_400_000), 10, 60_000);
    const outbox = new PrismaOutboxStore(engine.database.prisma);
    const claimed = await outbox.claimDue(new Date(), 100, 30_000);
    expect(claimed.length).toBeGreaterThan(0);
    for (const message of claimed) {
      await outbox.markSent(message, new Date(), { channel: "D0TEST", ts: "1.000001" });
    }
    await new PrismaHomePreferences(engine.database.prisma).save(MAKER, { page: 1 }, new Date());

    const report = await verifyAuditTrail(
      new PrismaTrailReader(engine.database.prisma),
      engine.auditKey.key,
    );
    expect(report).toMatchObject({ ok: true, requests: 2 });
    expect(report.ok && report.events).toBeGreaterThanOrEqual(8);
  } finally {
    await engine.close();
  }
}

/** What the app role may not do to history, each with PostgreSQL's own refusal. */
async function expectHistoryLocked(appUrl: string): Promise<void> {
  await withClient(appUrl, async (client) => {
    const refusal = (sql: string) =>
      client.query(sql).then(
        () => `${sql}: succeeded`,
        (error: Error) => error.message,
      );
    for (const sql of [
      "UPDATE audit_events SET actor = 'someone else'",
      "DELETE FROM audit_events",
      "TRUNCATE audit_events",
    ]) {
      // The privilege check, not the append-only trigger (which says "is append-only").
      expect(await refusal(sql)).toBe("permission denied for table audit_events");
    }
    // PostgreSQL 15 says "relation" where 16 says "table".
    expect(await refusal("ALTER TABLE audit_events DISABLE TRIGGER ALL")).toMatch(
      /^must be owner of (table|relation) audit_events$/,
    );
    expect(await refusal("DROP TRIGGER audit_events_no_truncate ON audit_events")).toMatch(
      /^must be owner of (table|relation) audit_events$/,
    );
    expect(await refusal("UPDATE _prisma_migrations SET finished_at = now()")).toBe(
      "permission denied for table _prisma_migrations",
    );
    expect(await refusal("CREATE TABLE shadow_trail (id int)")).toBe(
      "permission denied for schema public",
    );
    expect(await refusal("TRUNCATE requests")).toBe("permission denied for table requests");
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("deploy/postgres/roles.sql", () => {
  const serverUrl = process.env.TEST_DATABASE_URL as string;
  const cleanups: (() => Promise<void>)[] = [];
  const createdRoles: string[] = [];
  let dataDir: string;
  let migrations: string[];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "four-eyes-roles-"));
    migrations = await knownMigrations();
  });
  afterAll(async () => {
    // Databases first: a role cannot be dropped while it owns or may use anything.
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await withClient(serverUrl, async (client) => {
      for (const role of createdRoles) await client.query(`DROP ROLE IF EXISTS "${role}"`);
    });
    await rm(dataDir, { recursive: true, force: true });
  });

  async function freshDatabase(): Promise<string> {
    const { target, drop } = await createTestTarget("postgres");
    cleanups.push(drop);
    if (target.kind !== "postgres") throw new Error("expected PostgreSQL");
    return target.url;
  }

  function rolesFor(): Roles {
    const roles = newRoles();
    createdRoles.push(roles.app, roles.owner);
    return roles;
  }

  describe("on a new database: roles first, then migrations as the owner", () => {
    let url: string;
    let roles: Roles;

    beforeAll(async () => {
      url = await freshDatabase();
      roles = rolesFor();
      await applyRoles(url, roles);
      const migrated = await openDatabase({ kind: "postgres", url: urlAs(url, roles.owner) });
      expect(migrated.applied).toEqual(migrations);
      await migrated.close();
    });

    it("leaves the owner owning every object, and the app role only the grants it needs", async () => {
      expect(await owners(url)).toEqual([roles.owner]);
      expect(await appPrivileges(url, roles.app)).toEqual(EXPECTED_PRIVILEGES);
    });

    it("runs the bot as the app role, and its audit trail verifies", async () => {
      await runTheBot(urlAs(url, roles.app), path.join(dataDir, "new"));
    });

    it("does not let the app role change the audit trail or the migration history", async () => {
      await expectHistoryLocked(urlAs(url, roles.app));
    });

    it("can run again: same owners, same grants", async () => {
      await applyRoles(url, roles);
      await applyRoles(url, roles);
      expect(await owners(url)).toEqual([roles.owner]);
      expect(await appPrivileges(url, roles.app)).toEqual(EXPECTED_PRIVILEGES);
    });

    it("refuses one role for both, and an app role that is a member of the owner", async () => {
      await expect(applyRoles(url, { owner: roles.owner, app: roles.owner })).rejects.toThrow(
        "owner_role and app_role must name two different roles",
      );
      const member = rolesFor();
      await withClient(serverUrl, async (client) => {
        await client.query(`CREATE ROLE "${member.app}" LOGIN IN ROLE "${roles.owner}"`);
      });
      await expect(applyRoles(url, { owner: roles.owner, app: member.app })).rejects.toThrow(
        `app_role ${member.app} is a member of owner_role ${roles.owner}: it would act as the owner`,
      );
    });

    const psql = promisify(execFile)("psql", ["--version"]).then(
      () => true,
      () => false,
    );
    it("runs with psql as docs/deploy.md says, when psql is installed", async (context) => {
      if (!(await psql)) context.skip();
      await promisify(execFile)("psql", [
        url,
        "-v",
        "ON_ERROR_STOP=1",
        "-v",
        `owner_role=${roles.owner}`,
        "-v",
        `app_role=${roles.app}`,
        "-f",
        ROLES_SQL,
      ]);
      expect(await appPrivileges(url, roles.app)).toEqual(EXPECTED_PRIVILEGES);
    });
  });

  describe("on a database migrated before, by the superuser", () => {
    let url: string;
    let roles: Roles;

    beforeAll(async () => {
      url = await freshDatabase();
      roles = rolesFor();
      const migrated = await openDatabase({ kind: "postgres", url });
      await migrated.close();
      await applyRoles(url, roles);
    });

    it("hands every object to the owner, who can then alter them (the next migration)", async () => {
      expect(await owners(url)).toEqual([roles.owner]);
      await withClient(urlAs(url, roles.owner), async (client) => {
        await client.query("BEGIN");
        await client.query("ALTER TABLE requests ADD COLUMN next_migration text");
        await client.query(`ALTER TYPE "RequestStatus" ADD VALUE 'ON_HOLD'`);
        await client.query("ROLLBACK");
      });
      expect(await appPrivileges(url, roles.app)).toEqual(EXPECTED_PRIVILEGES);
    });

    it("runs the bot as the app role, which cannot change the audit trail", async () => {
      await runTheBot(urlAs(url, roles.app), path.join(dataDir, "existing"));
      await expectHistoryLocked(urlAs(url, roles.app));
    });
  });
});
