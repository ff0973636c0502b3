import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { SlackDriver } from "../slack/driver.ts";
import type { SlackStandIn } from "../slack/stand-in.ts";
import type { ReplicaCommand, ReplicaMessage } from "./replica-process.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const ENTRY = path.join(root, "test/support/replica/replica-process.ts");

export interface Replica {
  readonly name: string;
  readonly port: number;
  readonly driver: SlackDriver;
  readonly process: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  setClock(at: Date): Promise<void>;
  sweep(): Promise<unknown>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts one bot process and waits until it listens. */
export async function startReplica(options: {
  name: string;
  env: Record<string, string>;
  standIn: SlackStandIn;
  signingSecret: string;
}): Promise<Replica> {
  const { PATH, HOME } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
    cwd: root,
    env: { PATH: PATH ?? "", HOME: HOME ?? "", PORT: "0", ...options.env },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const port = await new Promise<number>((resolve, reject) => {
    child.on("message", (message: ReplicaMessage) => {
      if (message.type === "ready") resolve(message.port);
    });
    void exited.then(() => reject(new Error(`${options.name} exited early:\n${output}`)));
  });

  let nextId = 1;
  const ask = (command: Omit<ReplicaCommand, "id">) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      const onMessage = (message: ReplicaMessage) => {
        if (message.type === "done" && message.id === id) {
          child.off("message", onMessage);
          resolve(message.result);
        }
      };
      child.on("message", onMessage);
      child.send({ ...command, id });
    });

  return {
    name: options.name,
    port,
    process: child,
    driver: new SlackDriver({
      appUrl: `http://127.0.0.1:${port}`,
      signingSecret: options.signingSecret,
      standIn: options.standIn,
    }),
    output: () => output,
    setClock: async (at) => {
      await ask({ type: "set-clock", at: at.toISOString() } as Omit<ReplicaCommand, "id">);
    },
    sweep: () => ask({ type: "sweep" } as Omit<ReplicaCommand, "id">),
    exited,
    kill: async (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}
