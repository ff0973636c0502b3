import type { ActionDefinition } from "./types.ts";

/**
 * How people read an environment: the action's `label` for it (`rules.<id>.label` in
 * actions.yml), else its id title-cased ("production" → "Production", "eu-west" → "Eu west").
 * Only the words change: the id is what is stored and matched.
 */
export function environmentLabel(action: Pick<ActionDefinition, "rules"> | undefined, id: string) {
  const rules = action?.rules;
  const label = rules && Object.hasOwn(rules, id) ? rules[id]?.label : undefined;
  if (label) return label;
  const words = id.replace(/[-_]+/g, " ").trim();
  return words === "" ? id : words.charAt(0).toUpperCase() + words.slice(1);
}
