/**
 * `node --import tsx test/support/build-templates.ts PLAN_JSON`: builds the test database
 * templates (see templates.ts). A process of its own, so vitest's main process keeps serving its
 * workers while PGlite's initdb and the migrations run.
 */
import { buildTemplates, type TemplatesPlan } from "./templates.ts";

await buildTemplates(JSON.parse(process.argv[2] ?? "") as TemplatesPlan);
// PGlite leaves a timer running for a while after it closes.
process.exit(0);
