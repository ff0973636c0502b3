import type { ActionDefinition } from "../factory/types.ts";
import { postNote } from "./post-note.ts";

/** Action types written in TypeScript; add a module here to make it available. */
export const builtinActions: ActionDefinition[] = [postNote];
