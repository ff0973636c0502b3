import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/core/clock.ts";
import { staticDirectory } from "../../src/requests/directory.ts";
import { RequestService } from "../../src/requests/request-service.ts";
import { slackNotifier } from "../../src/slack/notifier.ts";
import { testActions } from "../support/actions.ts";
import { MemoryRequestStore } from "../support/memory-store.ts";

function setup(auditChannel?: string) {
  const { registry } = testActions();
  const store = new MemoryRequestStore(
    undefined,
    slackNotifier({ actions: registry, auditChannel, maxReminders: 3 }),
  );
  const clock = new ManualClock();
  const service = new RequestService({
    store,
    actions: registry,
    clock,
    directory: staticDirectory(),
    environments: ["production"],
  });
  return { store, service, clock };
}

async function twoCheckerRequest(service: RequestService) {
  const result = await service.createRequest({
    actionId: "delete-account",
    environment: "production",
    team: "Acme",
    params: { account: "acme" },
    purpose: "GDPR erasure",
    makerId: "U0MAKER",
    checkerIds: ["U0A", "U0B"],
  });
  if (!result.ok) throw new Error(result.refusal.message);
  return result.value.request;
}

describe("slackNotifier", () => {
  it("a new request: one message to the maker, one to each checker", async () => {
    const { store, service } = setup();
    const request = await twoCheckerRequest(service);
    expect(
      store.outbox.map(({ key, recipient, threadKey }) => ({ key, recipient, threadKey })),
    ).toEqual([
      { key: `${request.id}:maker`, recipient: "U0MAKER", threadKey: null },
      { key: `${request.id}:checker:U0A`, recipient: "U0A", threadKey: null },
      { key: `${request.id}:checker:U0B`, recipient: "U0B", threadKey: null },
    ]);
    expect(store.outbox[0]?.payload.text).toContain(`#${request.number}`);
  });

  it("one of two checkers approves: every message is redrawn, the other checker is told", async () => {
    const { store, service } = setup();
    const request = await twoCheckerRequest(service);
    store.outbox.length = 0;
    await service.approveRequest({ requestId: request.id, actorId: "U0A" });
    const keys = store.outbox.map((draft) => draft.key);
    expect(keys.slice(0, 3)).toEqual([
      `${request.id}:maker`,
      `${request.id}:checker:U0A`,
      `${request.id}:checker:U0B`,
    ]);
    const notice = store.outbox[3];
    expect(notice).toMatchObject({ recipient: "U0B", threadKey: `${request.id}:checker:U0B` });
    expect(notice?.payload.text).toContain("<@U0A>");
  });

  it("closing tells the maker and writes the audit line; a refusal queues nothing", async () => {
    const { store, service } = setup("C0AUDIT");
    const request = await twoCheckerRequest(service);
    store.outbox.length = 0;
    await service.approveRequest({ requestId: request.id, actorId: "U0STRANGER" });
    expect(store.outbox).toEqual([]);
    await service.declineRequest({
      requestId: request.id,
      actorId: "U0B",
      reason: "Wrong account",
    });
    const byKey = new Map(store.outbox.map((draft) => [draft.key, draft]));
    expect(byKey.get(`${request.id}:outcome`)?.recipient).toBe("U0MAKER");
    expect(byKey.get(`${request.id}:outcome`)?.payload.text).toContain("Wrong account");
    expect(byKey.get(`${request.id}:audit`)?.recipient).toBe("C0AUDIT");
  });

  it("a nudge reminds only the checkers still to decide", async () => {
    const { store, service } = setup();
    const request = await twoCheckerRequest(service);
    await service.approveRequest({ requestId: request.id, actorId: "U0A" });
    store.outbox.length = 0;
    await service.nudgeCheckers({ requestId: request.id, actorId: "U0MAKER" });
    expect(store.outbox.map((draft) => draft.recipient)).toEqual(["U0B"]);
    expect(store.outbox[0]?.payload.text).toContain("<@U0MAKER>");
  });

  it("the outcome is a reply under the maker's card, with Send again", async () => {
    const { store, service } = setup();
    const request = await twoCheckerRequest(service);
    await service.declineRequest({ requestId: request.id, actorId: "U0B", reason: "No" });
    const outcome = store.outbox.find((draft) => draft.key === `${request.id}:outcome`);
    expect(outcome).toMatchObject({ recipient: "U0MAKER", threadKey: `${request.id}:maker` });
    expect(JSON.stringify(outcome?.payload.blocks)).toContain("duplicate_request");
  });

  it("a nudge is a reply under each waiting checker's card, with Approve and Decline", async () => {
    const { store, service } = setup();
    const request = await twoCheckerRequest(service);
    store.outbox.length = 0;
    await service.nudgeCheckers({ requestId: request.id, actorId: "U0MAKER" });
    expect(store.outbox.map(({ recipient, threadKey }) => ({ recipient, threadKey }))).toEqual([
      { recipient: "U0A", threadKey: `${request.id}:checker:U0A` },
      { recipient: "U0B", threadKey: `${request.id}:checker:U0B` },
    ]);
    const blocks = JSON.stringify(store.outbox[0]?.payload.blocks);
    expect(blocks).toContain("approve_request");
    expect(blocks).toContain("decline_request");
    expect(store.outbox[0]?.payload).not.toHaveProperty("link");
  });

  it("edits to approved and running are held so the outcome can replace them; others are not", async () => {
    const { store, service } = setup();
    const request = await twoCheckerRequest(service);
    await service.approveRequest({ requestId: request.id, actorId: "U0A" });
    // Still pending (one approval of two): shown at once.
    expect(store.outbox.every((draft) => draft.holdMs === undefined)).toBe(true);
    store.outbox.length = 0;
    await service.approveRequest({ requestId: request.id, actorId: "U0B" });
    const held = store.outbox.filter((draft) => draft.holdMs !== undefined).map((d) => d.key);
    expect(held.sort()).toEqual(
      [`${request.id}:maker`, `${request.id}:checker:U0A`, `${request.id}:checker:U0B`].sort(),
    );
    expect(store.outbox.find((d) => d.key === `${request.id}:maker`)?.holdMs).toBe(2000);
    // The other checker's notice is a one-off: never held.
    expect(store.outbox.filter((d) => d.key.includes(":notice:")).every((d) => !d.holdMs)).toBe(
      true,
    );
  });

  it("no hold when holdMs is 0", async () => {
    const { registry } = testActions();
    const notify = slackNotifier({
      actions: registry,
      auditChannel: undefined,
      maxReminders: 3,
      holdMs: 0,
    });
    const { store, service } = setup();
    const request = await twoCheckerRequest(service);
    await service.approveRequest({ requestId: request.id, actorId: "U0A" });
    await service.approveRequest({ requestId: request.id, actorId: "U0B" });
    const approved = await store.findById(request.id);
    const event = store.events.at(-1);
    if (!approved || !event) throw new Error("not approved");
    const drafts = notify({ request: approved, event, previous: null });
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((draft) => draft.holdMs === undefined)).toBe(true);
  });
});

describe("slackNotifier: the cards' context line", () => {
  const contextText = (payload: Record<string, unknown>) =>
    JSON.stringify((payload.blocks as { type: string }[]).filter((b) => b.type === "context"));

  it("a pending request's cards say when it expires (EXPIRE_AFTER when the action says nothing)", async () => {
    const { store, service } = setup();
    const request = await twoCheckerRequest(service);
    const expires = Math.floor((request.createdAt.getTime() + 7 * 86_400_000) / 1000);
    for (const draft of store.outbox) {
      expect(contextText(draft.payload)).toContain(`expires <!date^${expires}^`);
    }
  });

  it("a resend says which request it resends and why that one was declined, on every card", async () => {
    const { store, service } = setup();
    const original = await twoCheckerRequest(service);
    await service.declineRequest({
      requestId: original.id,
      actorId: "U0A",
      reason: "Wrong account: use acme-eu",
    });
    store.outbox.length = 0;
    const resent = await service.duplicateRequest({ requestId: original.id, actorId: "U0MAKER" });
    if (!resent.ok) throw new Error(resent.refusal.message);
    const cards = store.outbox.filter((draft) => draft.requestId === resent.value.request.id);
    expect(cards.map((draft) => draft.key)).toEqual([
      `${resent.value.request.id}:maker`,
      `${resent.value.request.id}:checker:U0A`,
      `${resent.value.request.id}:checker:U0B`,
    ]);
    for (const draft of cards) {
      expect(contextText(draft.payload)).toContain(`resend of #${original.number}, declined`);
      expect(contextText(draft.payload)).toContain("Wrong account: use acme-eu");
    }
  });
});
