import type { Directory, Naming } from "./directory.ts";

/** A user's name or a group's @handle for plain text (a modal error); the id when unknown. */
export async function plainName(directory: Directory, id: string): Promise<string> {
  return (await directory.nameOf(id)) ?? id;
}

/** "A", "A or B", "A, B or C". */
function either(names: readonly string[], none: string): string {
  return names.length <= 1
    ? (names[0] ?? none)
    : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** Plain text for a modal error (no mentions render there): "@sre or Dana Lee". */
export async function plainNames(directory: Directory, ids: readonly string[]): Promise<string> {
  const names: string[] = [];
  for (const id of ids) names.push(await plainName(directory, id));
  return either(names, "anyone");
}

/** People named as the directory names them in a message: "@U1, @U2 or @U3". */
export function mentionEither(naming: Pick<Naming, "mention">, ids: readonly string[]): string {
  return either(
    ids.map((id) => naming.mention(id)),
    "the designated checker",
  );
}
