import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { signDelivery } from "../../src/factory/webhook-signature.ts";
import { startWebhookReceiver } from "../support/webhook-receiver.ts";

type Verify = (
  rawBody: Buffer,
  headers: Record<string, string | undefined>,
  secret: string,
  nowMs?: number,
) => boolean;

/** The verification example README.md gives receivers, run as they would copy it. */
async function readmeExample(dir: string): Promise<Verify> {
  const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
  const block = [...readme.matchAll(/```js\n([\s\S]*?)```/g)]
    .map((match) => match[1] as string)
    .find((code) => code.includes("function isFromFourEyes"));
  if (block === undefined) throw new Error("README.md has no isFromFourEyes example");
  const file = path.join(dir, "verify.mjs");
  await writeFile(file, block);
  const module = (await import(pathToFileURL(file).href)) as { isFromFourEyes: Verify };
  return module.isFromFourEyes;
}

const SECRET = "whsec_receiver";
const KEY = "req_01HZX3K9Q7";
const body = Buffer.from('{"requestId":"req_01HZX3K9Q7","number":42}');
const sentAt = 1_767_605_400; // 2026-01-05T09:30:00Z

function delivery(overrides: { key?: string; body?: Buffer; at?: number; secret?: string } = {}) {
  const signed = { key: KEY, body, at: sentAt, secret: SECRET, ...overrides };
  return {
    "four-eyes-signature": signDelivery(
      { timestamp: signed.at, idempotencyKey: signed.key, body: signed.body },
      signed.secret,
    ),
    "idempotency-key": KEY,
  };
}

describe("a receiver checking Four-Eyes-Signature as README.md shows", () => {
  let dir: string;
  let verify: Verify;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-verify-"));
    verify = await readmeExample(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("accepts a delivery signed by the bot within 5 minutes", () => {
    expect(verify(body, delivery(), SECRET, sentAt * 1000)).toBe(true);
    expect(verify(body, delivery(), SECRET, (sentAt + 300) * 1000)).toBe(true);
  });

  it("rejects the same delivery replayed more than 5 minutes later", () => {
    expect(verify(body, delivery(), SECRET, (sentAt + 301) * 1000)).toBe(false);
    // Re-dating it does not help without the secret.
    const redated = delivery()["four-eyes-signature"].replace(`t=${sentAt}`, `t=${sentAt + 3600}`);
    expect(
      verify(
        body,
        { ...delivery(), "four-eyes-signature": redated },
        SECRET,
        (sentAt + 3600) * 1000,
      ),
    ).toBe(false);
  });

  it("rejects another body, another key, another secret, or no signature", () => {
    const now = sentAt * 1000;
    expect(verify(Buffer.from('{"number":43}'), delivery(), SECRET, now)).toBe(false);
    expect(verify(body, { ...delivery(), "idempotency-key": "req_other" }, SECRET, now)).toBe(
      false,
    );
    expect(verify(body, delivery({ secret: "guessed" }), SECRET, now)).toBe(false);
    expect(verify(body, { "idempotency-key": KEY }, SECRET, now)).toBe(false);
    expect(verify(body, { ...delivery(), "four-eyes-signature": "sha256=abc" }, SECRET, now)).toBe(
      false,
    );
  });
});

describe("the webhook receiver every e2e test delivers to", () => {
  it("takes a fresh signed delivery and answers a replay 6 minutes later with 401", async () => {
    const clock = new ManualClock(new Date(sentAt * 1000));
    const receiver = await startWebhookReceiver({ secret: SECRET, now: () => clock.now() });
    try {
      const post = () =>
        fetch(`${receiver.url}/waivers`, { method: "POST", headers: delivery(), body });
      expect((await post()).status).toBe(200);
      clock.advance(6 * 60_000);
      const replay = await post();
      expect(replay.status).toBe(401);
      expect(await replay.text()).toBe(`timestamp ${sentAt} is not within 5 minutes\n`);
      expect(receiver.received).toHaveLength(1);
      expect(receiver.rejected).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
