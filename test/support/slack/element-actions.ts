/** The `actions[0]` entry Slack sends when someone uses an element, per element type. */
import { STATEFUL_ELEMENTS } from "./block-kit-elements.ts";
import { type Answer, elementState, findOption } from "./fill-view.ts";
import { nowTs } from "./payloads.ts";

type Json = Record<string, unknown>;

export function actionFor(element: Json, blockId: string, answer?: Answer): Json {
  const type = element.type as string;
  const where = `block ${blockId} / ${element.action_id}`;
  const base = { action_id: element.action_id, block_id: blockId, action_ts: nowTs() };
  if (type === "button") {
    return {
      type,
      ...base,
      text: element.text,
      ...(element.value !== undefined ? { value: element.value } : {}),
      ...(element.style !== undefined ? { style: element.style } : {}),
    };
  }
  if (type === "overflow") {
    return { type, ...base, selected_option: findOption(element, answer, where) };
  }
  if (!STATEFUL_ELEMENTS.has(type)) throw new Error(`${where}: ${type} cannot be used`);
  if (answer === undefined) throw new Error(`${where}: say what the user picks (selectedValue)`);
  return { ...elementState(element, answer, where), ...base };
}
