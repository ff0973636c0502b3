/**
 * Writes docs/screens.md: the text of every screen, drawn by the view builders (see
 * scripts/screens/catalog.ts). `npm run screens`.
 */
import { writeFileSync } from "node:fs";
import { SCREENS_FILE, SCREENS_PATH, screensMarkdown } from "./screens/generate.ts";

writeFileSync(SCREENS_PATH, screensMarkdown());
console.log(`wrote ${SCREENS_FILE}`);
