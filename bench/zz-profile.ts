import { ackRun } from "./load/ack-run.ts";
const clients = Number(process.argv[2] ?? 50);
const engine = (process.argv[3] ?? "postgres") as "postgres" | "pglite";
const kind = (process.argv[4] ?? "bot") as "bot" | "baseline";
const run = await ackRun(kind, engine, clients, { quick: false, seed: 8, log: (l) => console.log(l) });
console.log(JSON.stringify({ p50: (run as any).latency?.p50, keys: Object.keys(run) }).slice(0, 500));
const r = run as any;
console.log(JSON.stringify(r, (k, v) => (Array.isArray(v) && v.length > 20 ? `[${v.length}]` : v)).slice(0, 3000));
