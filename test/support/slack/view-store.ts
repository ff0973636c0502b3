/** Modal stacks and App Home tabs, following Slack's rules for opening, pushing and updating. */
import { elementsOf } from "./block-kit-elements.ts";
import { slackId, viewHash } from "./ids.ts";
import { type StoredView, type Workspace, withGeneratedIds } from "./workspace.ts";

type Json = Record<string, unknown>;

/** Slack allows a modal stack of at most three views. */
export const MAX_MODAL_STACK = 3;

export class ViewError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** Elements that survive an update keep what the user entered, as in Slack. */
function carriedState(previous: StoredView | undefined, blocks: Json[]): StoredView["state"] {
  const values: StoredView["state"]["values"] = {};
  if (!previous) return { values };
  for (const block of blocks) {
    const blockId = block.block_id as string;
    for (const element of elementsOf(block)) {
      const actionId = element.action_id as string;
      const kept = previous.state.values[blockId]?.[actionId];
      if (kept && kept.type === element.type)
        values[blockId] = { ...values[blockId], [actionId]: kept };
    }
  }
  return { values };
}

export function buildView(
  ws: Workspace,
  raw: Json,
  userId: string,
  links: { previous?: StoredView; rootId?: string; previousViewId?: string | null } = {},
): StoredView {
  const { teamId, appId, botId } = ws.identity;
  const id = links.previous?.id ?? slackId("V");
  const blocks = withGeneratedIds(raw.blocks) ?? [];
  return {
    id,
    team_id: teamId,
    type: raw.type as "modal" | "home",
    blocks,
    private_metadata: raw.private_metadata ?? "",
    callback_id: raw.callback_id ?? "",
    state: carriedState(links.previous, blocks),
    hash: viewHash(),
    title: raw.title ?? null,
    clear_on_close: raw.clear_on_close ?? false,
    notify_on_close: raw.notify_on_close ?? false,
    close: raw.close ?? null,
    submit: raw.submit ?? null,
    previous_view_id: links.previous?.previous_view_id ?? links.previousViewId ?? null,
    root_view_id: links.previous?.root_view_id ?? links.rootId ?? id,
    app_id: appId,
    external_id: raw.external_id ?? "",
    app_installed_team_id: teamId,
    bot_id: botId,
    userId,
  };
}

/** The view as Slack sends it to apps, without the stand-in's note of whom it is shown to. */
export function publicView(view: StoredView): Json {
  const { userId: _userId, ...rest } = view;
  return structuredClone(rest);
}

export function openModal(ws: Workspace, userId: string, raw: Json): StoredView {
  const view = buildView(ws, raw, userId);
  ws.modalStacks.set(userId, [view]);
  return view;
}

export function pushModal(ws: Workspace, userId: string, raw: Json): StoredView {
  const stack = ws.modalStacks.get(userId) ?? [];
  if (stack.length >= MAX_MODAL_STACK) throw new ViewError("push_limit_reached");
  const top = stack.at(-1);
  const view = buildView(ws, raw, userId, {
    rootId: top?.root_view_id as string | undefined,
    previousViewId: top?.id ?? null,
  });
  ws.modalStacks.set(userId, [...stack, view]);
  return view;
}

export function updateView(ws: Workspace, current: StoredView, raw: Json): StoredView {
  if (raw.type !== current.type) throw new ViewError("invalid_arguments");
  const next = buildView(ws, raw, current.userId, { previous: current });
  if (current.type === "home") {
    ws.homes.set(current.userId, next);
    return next;
  }
  const stack = ws.modalStacks.get(current.userId) ?? [];
  ws.modalStacks.set(
    current.userId,
    stack.map((view) => (view.id === current.id ? next : view)),
  );
  return next;
}

export function publishHome(ws: Workspace, userId: string, raw: Json): StoredView {
  const previous = ws.homes.get(userId);
  const view = buildView(ws, raw, userId, { previous });
  ws.homes.set(userId, view);
  return view;
}

/** Closing the top view reveals the one beneath it; `all` mirrors response_action "clear". */
export function closeModal(ws: Workspace, userId: string, { all = false } = {}): void {
  const stack = ws.modalStacks.get(userId) ?? [];
  const rest = all ? [] : stack.slice(0, -1);
  if (rest.length === 0) ws.modalStacks.delete(userId);
  else ws.modalStacks.set(userId, rest);
}
