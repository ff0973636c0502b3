/** Starts the app under test (the real bot or the baseline) as a child process and talks to it. */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { caller, type ProcessSample, type Ready } from "./ipc.ts";

export type AppKind = "bot" | "baseline";

const ENTRIES: Record<AppKind, string> = {
  bot: fileURLToPath(new URL("./bot-entry.ts", import.meta.url)),
  baseline: fileURLToPath(new URL("./baseline-entry.ts", import.meta.url)),
};

export interface AppProcess {
  readonly kind: AppKind;
  readonly url: string;
  /** From spawning the process to its first answer: what an operator waits for after a deploy. */
  readonly startupMs: number;
  /** The app's own start-up (database, migrations, Slack auth), without Node and module loading. */
  readonly bootMs: number;
  /** Warnings and errors the app logged. */
  readonly problems: readonly string[];
  sample(): Promise<ProcessSample>;
  counts(): Promise<Record<string, number>>;
  /** Stops it as a deploy would (draining, flushing the outbox) and waits for it to exit. */
  stop(): Promise<void>;
}

export async function startApp(
  kind: AppKind,
  env: Readonly<Record<string, string>>,
): Promise<AppProcess> {
  const spawned = performance.now();
  const child = fork(ENTRIES[kind], [], {
    // BENCH_APP_NODE_ARGS adds flags for the app alone, e.g. "--cpu-prof" to see where it spends.
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_APP_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
    ],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "pipe", "ipc"],
  });
  const problems: string[] = [];
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    const lines = stderr.split("\n");
    stderr = lines.pop() ?? "";
    problems.push(...lines.filter(Boolean));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const ready = await Promise.race([
    new Promise<Ready>((resolve) =>
      child.on("message", (message: { type?: string }) => {
        if (message.type === "ready") resolve(message as Ready);
      }),
    ),
    exited.then((code): never => {
      throw new Error(`${kind} exited (${code}) before it was ready:\n${problems.join("\n")}`);
    }),
  ]);
  const startupMs = performance.now() - spawned;
  const call = caller(child);
  return {
    kind,
    url: `http://127.0.0.1:${ready.port}`,
    startupMs,
    bootMs: ready.bootMs,
    problems,
    sample: () => call("sample"),
    counts: () => call("counts"),
    stop: async () => {
      await call("stop");
      child.disconnect();
      await exited;
    },
  };
}
