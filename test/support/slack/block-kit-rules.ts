/**
 * The Block Kit limits Slack enforces server-side, so a layout that Slack would reject fails in
 * tests instead of in production. Each problem reads like Slack's: `message [json-pointer:/path]`.
 */
import {
  type Checker,
  checkElement,
  checkString,
  checkText,
  ELEMENTS_ALLOWED,
  isObject,
  report,
  type Surface,
} from "./block-kit-elements.ts";

export type { Surface } from "./block-kit-elements.ts";

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  attachments: 100,
} as const;

const BLOCK_TYPES = [
  "section",
  "divider",
  "image",
  "actions",
  "context",
  "input",
  "header",
  "rich_text",
  "markdown",
];

type Json = Record<string, unknown>;
type BlockCheck = (c: Checker, block: Json, pointer: string) => void;

function checkActionIdsUnique(c: Checker, elements: unknown[], pointer: string): void {
  const seen = new Set<string>();
  elements.forEach((element, i) => {
    const id = isObject(element) ? element.action_id : undefined;
    if (typeof id !== "string") return;
    if (seen.has(id)) report(c, `${pointer}/${i}/action_id`, `duplicate action_id ${id} in block`);
    seen.add(id);
  });
}

function checkElementList(
  c: Checker,
  elements: unknown,
  pointer: string,
  { max, each }: { max: number; each: (element: unknown, at: string) => void },
): void {
  if (!Array.isArray(elements)) {
    report(c, pointer, "is required and must be an array");
    return;
  }
  if (elements.length === 0) report(c, pointer, "must have at least 1 item");
  if (elements.length > max) report(c, pointer, `must have at most ${max} items`);
  elements.forEach((element, i) => {
    each(element, `${pointer}/${i}`);
  });
  checkActionIdsUnique(c, elements, pointer);
}

const BLOCK_CHECKS: Record<string, BlockCheck> = {
  section(c, block, pointer) {
    if (block.text === undefined && block.fields === undefined) {
      report(c, `${pointer}/text`, "section needs text or fields");
    }
    checkText(c, block.text, `${pointer}/text`, { max: 3000, required: false });
    if (block.fields !== undefined) {
      checkElementList(c, block.fields, `${pointer}/fields`, {
        max: 10,
        each: (field, at) => checkText(c, field, at, { max: 2000 }),
      });
    }
    if (block.accessory !== undefined) {
      checkElement(c, block.accessory, `${pointer}/accessory`, ELEMENTS_ALLOWED.accessory);
    }
  },
  divider() {},
  image(c, block, pointer) {
    if (block.image_url === undefined && block.slack_file === undefined) {
      report(c, `${pointer}/image_url`, "is required (or slack_file)");
    }
    checkString(c, block.image_url, `${pointer}/image_url`, { max: 3000 });
    checkString(c, block.alt_text, `${pointer}/alt_text`, { max: 2000, required: true });
    checkText(c, block.title, `${pointer}/title`, { max: 2000, plainOnly: true, required: false });
  },
  actions(c, block, pointer) {
    checkElementList(c, block.elements, `${pointer}/elements`, {
      max: 25,
      each: (element, at) => checkElement(c, element, at, ELEMENTS_ALLOWED.actions),
    });
  },
  context(c, block, pointer) {
    checkElementList(c, block.elements, `${pointer}/elements`, {
      max: 10,
      each: (element, at) =>
        isObject(element) && element.type === "image"
          ? checkElement(c, element, at, ["image"])
          : checkText(c, element, at, { max: 3000 }),
    });
  },
  input(c, block, pointer) {
    if (c.surface === "message") {
      report(c, `${pointer}/type`, "input blocks are only allowed in modals and App Home");
      return;
    }
    checkText(c, block.label, `${pointer}/label`, { max: 2000, plainOnly: true });
    checkText(c, block.hint, `${pointer}/hint`, { max: 2000, plainOnly: true, required: false });
    if (block.element === undefined) report(c, `${pointer}/element`, "is required");
    else checkElement(c, block.element, `${pointer}/element`, ELEMENTS_ALLOWED.input);
    for (const flag of ["optional", "dispatch_action"]) {
      if (block[flag] !== undefined && typeof block[flag] !== "boolean") {
        report(c, `${pointer}/${flag}`, "must be a boolean");
      }
    }
  },
  header(c, block, pointer) {
    checkText(c, block.text, `${pointer}/text`, { max: 150, plainOnly: true });
  },
  rich_text(c, block, pointer) {
    if (!Array.isArray(block.elements)) report(c, `${pointer}/elements`, "must be an array");
  },
  markdown(c, block, pointer) {
    checkString(c, block.text, `${pointer}/text`, { max: 12_000, min: 1, required: true });
  },
};

/** Validates a list of blocks for one surface; block_ids must be unique across the surface. */
export function validateBlocks(blocks: unknown, surface: Surface, pointer = "/blocks"): string[] {
  const c: Checker = { surface, problems: [] };
  if (!Array.isArray(blocks)) {
    report(c, pointer, "must be an array");
    return c.problems;
  }
  const max = surface === "message" ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > max) report(c, pointer, `must have at most ${max} items`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `${pointer}/${i}`;
    if (!isObject(block)) {
      report(c, at, "must be a block object");
      return;
    }
    const check = typeof block.type === "string" ? BLOCK_CHECKS[block.type] : undefined;
    if (!check || !BLOCK_TYPES.includes(block.type as string)) {
      report(c, `${at}/type`, `unsupported block type ${JSON.stringify(block.type)}`);
      return;
    }
    if (checkString(c, block.block_id, `${at}/block_id`, { max: 255, min: 1 })) {
      const id = block.block_id as string;
      if (blockIds.has(id)) report(c, `${at}/block_id`, `duplicate block_id ${id}`);
      blockIds.add(id);
    }
    check(c, block, at);
  });
  return c.problems;
}

/** Web API arguments may carry blocks as a JSON string; both forms are accepted. */
function parsed(value: unknown): { value: unknown; invalidJson: boolean } {
  if (typeof value !== "string") return { value, invalidJson: false };
  try {
    return { value: JSON.parse(value), invalidJson: false };
  } catch {
    return { value, invalidJson: true };
  }
}

/** Checks chat.postMessage / chat.update / chat.postEphemeral / response_url message bodies. */
export function validateMessage(args: Json): string[] {
  const problems: string[] = [];
  const blocks = parsed(args.blocks);
  const attachments = parsed(args.attachments);
  if (blocks.invalidJson) problems.push("blocks must be valid JSON [json-pointer:/blocks]");
  if (attachments.invalidJson) {
    problems.push("attachments must be valid JSON [json-pointer:/attachments]");
  }
  const hasText = typeof args.text === "string" && args.text.length > 0;
  const hasBlocks = Array.isArray(blocks.value) && blocks.value.length > 0;
  const hasAttachments = Array.isArray(attachments.value) && attachments.value.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments) {
    problems.push("a message needs text or blocks [json-pointer:/text]");
  }
  if (args.text !== undefined && typeof args.text !== "string") {
    problems.push("must be a string [json-pointer:/text]");
  }
  if (typeof args.text === "string" && args.text.length > LIMITS.messageText) {
    problems.push(`must be at most ${LIMITS.messageText} characters [json-pointer:/text]`);
  }
  if (blocks.value !== undefined && !blocks.invalidJson) {
    problems.push(...validateBlocks(blocks.value, "message"));
  }
  if (Array.isArray(attachments.value)) {
    if (attachments.value.length > LIMITS.attachments) {
      problems.push(`must have at most ${LIMITS.attachments} items [json-pointer:/attachments]`);
    }
    attachments.value.forEach((attachment, i) => {
      if (isObject(attachment) && attachment.blocks !== undefined) {
        problems.push(...validateBlocks(attachment.blocks, "message", `/attachments/${i}/blocks`));
      }
    });
  }
  return problems;
}

function hasInputBlocks(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.some((block) => isObject(block) && block.type === "input");
}

/** Checks a modal or App Home view as passed to views.open/push/update/publish. */
export function validateView(view: unknown): string[] {
  const c: Checker = { surface: "modal", problems: [] };
  const value = parsed(view).value;
  if (!isObject(value)) {
    report(c, "/view", "must be a view object");
    return c.problems;
  }
  if (value.type !== "modal" && value.type !== "home") {
    report(c, "/view/type", "must be either modal or home");
    return c.problems;
  }
  c.surface = value.type;
  if (value.type === "modal") {
    checkText(c, value.title, "/view/title", { max: 24, plainOnly: true });
    checkText(c, value.submit, "/view/submit", { max: 24, plainOnly: true, required: false });
    checkText(c, value.close, "/view/close", { max: 24, plainOnly: true, required: false });
    if (value.submit === undefined && hasInputBlocks(value.blocks)) {
      report(c, "/view/submit", "is required when the view has input blocks");
    }
  }
  checkString(c, value.callback_id, "/view/callback_id", { max: 255 });
  checkString(c, value.private_metadata, "/view/private_metadata", { max: 3000 });
  checkString(c, value.external_id, "/view/external_id", { max: 255, min: 1 });
  if (value.blocks === undefined) report(c, "/view/blocks", "is required");
  else c.problems.push(...validateBlocks(value.blocks, c.surface, "/view/blocks"));
  return c.problems;
}
