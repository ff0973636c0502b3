import { lookup } from "node:dns/promises";
import net from "node:net";
import tls from "node:tls";

/** How the doctor reaches hosts; tests pass their own resolver, trust store or timeout. */
export interface NetworkDeps {
  readonly lookup: (hostname: string) => Promise<readonly { readonly address: string }[]>;
  readonly connectTcp: (options: net.NetConnectOpts) => net.Socket;
  readonly connectTls: (options: tls.ConnectionOptions) => tls.TLSSocket;
  readonly timeoutMs: number;
}

export const systemNetwork: NetworkDeps = {
  lookup: (hostname) => lookup(hostname, { all: true }),
  connectTcp: (options) => net.connect(options),
  connectTls: (options) => tls.connect(options),
  timeoutMs: 3_000,
};

export interface Certificate {
  readonly validFrom: Date;
  readonly validTo: Date;
  /** The names it is for: its subject alternative names, or else its common name. */
  readonly names: readonly string[];
}

/** What connecting to a host and port found, without sending it anything. */
export type Reach =
  | { readonly ok: true; readonly addresses: readonly string[]; readonly certificate?: Certificate }
  | {
      readonly ok: false;
      readonly stage: "dns" | "connect" | "tls";
      /** An errno or OpenSSL code ("ENOTFOUND", "CERT_HAS_EXPIRED"), or "TIMEOUT". */
      readonly code: string;
      readonly message: string;
      readonly certificate?: Certificate;
    };

/**
 * Resolves `hostname`, connects to its first address and, with `tls`, completes a handshake and
 * checks the certificate the way fetch will (trusted, in date, for this host). The socket is
 * closed without a byte of request sent.
 */
export async function reach(
  hostname: string,
  port: number,
  secure: boolean,
  deps: NetworkDeps,
): Promise<Reach> {
  let addresses: string[];
  try {
    const found = await withTimeout(deps.lookup(hostname), deps.timeoutMs);
    addresses = found.map((entry) => entry.address);
    if (addresses.length === 0) return failure("dns", { code: "ENOTFOUND" });
  } catch (error) {
    return failure("dns", error);
  }
  const address = addresses[0] as string;
  try {
    const result = await (secure
      ? handshake(hostname, address, port, deps)
      : connect(address, port, deps));
    return result.ok ? { ...result, addresses } : result;
  } catch (error) {
    // net.connect throws at once on options it cannot use; that is this target's failure only.
    return failure("connect", error);
  }
}

function connect(address: string, port: number, deps: NetworkDeps): Promise<Reach> {
  return new Promise((resolve) => {
    const socket = deps.connectTcp({ host: address, port });
    settleOn(socket, deps.timeoutMs, "connect", resolve);
    socket.once("connect", () => {
      socket.destroy();
      resolve({ ok: true, addresses: [address] });
    });
  });
}

function handshake(
  hostname: string,
  address: string,
  port: number,
  deps: NetworkDeps,
): Promise<Reach> {
  return new Promise((resolve) => {
    const socket = deps.connectTls({
      host: address,
      port,
      // SNI and the certificate's name check use the name from the URL, not the address; SNI
      // may not carry an IP address.
      ...(net.isIP(hostname) ? {} : { servername: hostname }),
      // Verified below instead, so that an untrusted certificate can still be described (its
      // dates, its names). Nothing is sent over the connection either way.
      rejectUnauthorized: false,
    });
    settleOn(socket, deps.timeoutMs, "connect", resolve);
    socket.once("secureConnect", () => {
      const certificate = describeCertificate(socket.getPeerCertificate());
      const problem = socket.authorized ? undefined : socket.authorizationError;
      socket.destroy();
      if (problem === undefined) resolve({ ok: true, addresses: [address], certificate });
      else {
        const code = typeof problem === "string" ? problem : (problem.message ?? "UNTRUSTED");
        resolve({ ok: false, stage: "tls", code, message: code, certificate });
      }
    });
  });
}

/** Resolves with the failure on an error or when the host does not answer in time. */
function settleOn(
  socket: net.Socket,
  timeoutMs: number,
  stage: "connect",
  resolve: (reach: Reach) => void,
): void {
  const timer = setTimeout(() => {
    socket.destroy();
    resolve(failure(stage, { code: "TIMEOUT" }));
  }, timeoutMs);
  socket.once("close", () => clearTimeout(timer));
  socket.once("error", (error) => {
    clearTimeout(timer);
    socket.destroy();
    const code = (error as NodeJS.ErrnoException).code ?? "";
    // Errors during the handshake itself (a plain-http port, an old protocol) are TLS trouble.
    const tlsTrouble = code.startsWith("ERR_SSL") || code === "EPROTO";
    resolve(failure(tlsTrouble ? "tls" : stage, error));
  });
}

function failure(stage: "dns" | "connect" | "tls", error: unknown): Reach {
  const { code, message, reason } = (error ?? {}) as {
    code?: unknown;
    message?: unknown;
    reason?: unknown;
  };
  // OpenSSL's messages carry its internal error stack; its `reason` is the readable part.
  const text = typeof reason === "string" ? reason : typeof message === "string" ? message : "";
  return {
    ok: false,
    stage,
    code: typeof code === "string" ? code : "UNKNOWN",
    message: text.split("\n")[0] || String(code ?? "unknown error"),
  };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error("no answer"), { code: "TIMEOUT" })),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function describeCertificate(peer: tls.PeerCertificate): Certificate | undefined {
  if (!peer?.valid_to) return undefined;
  const alternative = (peer.subjectaltname ?? "")
    .split(",")
    .map((entry) => entry.trim().replace(/^(DNS|IP Address):/, ""))
    .filter(Boolean);
  const common = peer.subject?.CN;
  const names = alternative.length > 0 ? alternative : typeof common === "string" ? [common] : [];
  return { validFrom: new Date(peer.valid_from), validTo: new Date(peer.valid_to), names };
}

/** 127.0.0.0/8 and ::1 (also as ::ffff:127.x): traffic that never leaves the machine. */
export function isLoopback(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, "");
  return net.isIPv4(v4) ? v4.startsWith("127.") : address === "::1";
}
