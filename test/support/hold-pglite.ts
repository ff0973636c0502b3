/**
 * Opens a PGlite directory and keeps it open until killed: the other process of the lock-file
 * tests (test/db/pglite-lock.test.ts). Prints "open" once the database is open.
 */
import { openPGlite } from "../../src/db/adapters.ts";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: hold-pglite.ts <dataDir>");
await openPGlite(dataDir);
process.stdout.write("open\n");
// Held until the test kills this process.
setInterval(() => {}, 60_000);
