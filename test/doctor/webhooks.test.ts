import { EventEmitter } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopback, type NetworkDeps, systemNetwork } from "../../src/doctor/network.ts";
import type { WebhookTarget } from "../../src/doctor/webhook-targets.ts";
import { checkWebhookTargets } from "../../src/doctor/webhooks.ts";
import { hasOpenssl, type KeyPair, makeCertificates } from "../support/certificates.ts";

const FILE = "./actions.yml";
const network: NetworkDeps = { ...systemNetwork, timeoutMs: 2_000 };

function target(actionId: string, url: string): WebhookTarget {
  return { actionId, url, secretEnv: "SECRET" };
}

async function listening(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** A port that was just free: nothing listens on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listening(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function check(targets: WebhookTarget[], deps: Partial<NetworkDeps> = {}, now?: () => Date) {
  return checkWebhookTargets(targets, {
    network: { ...network, ...deps },
    actionsFile: FILE,
    ...(now ? { now } : {}),
  });
}

describe("checkWebhookTargets over plain http", () => {
  let server: net.Server;
  let port: number;
  beforeAll(async () => {
    server = net.createServer((socket) => socket.destroy());
    port = await listening(server);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("passes a loopback server, once per origin, showing neither path nor query", async () => {
    const results = await check([
      target("refund", `http://127.0.0.1:${port}/refunds?token=s3cr3t`),
      target("close-account", `http://127.0.0.1:${port}/close`),
    ]);
    expect(results).toEqual([
      {
        status: "ok",
        title: `Webhook http://127.0.0.1:${port} (refund, close-account): reachable on this machine`,
      },
    ]);
  });

  it("warns that plain http to another machine is unencrypted", async () => {
    // The host resolves to a public address; the connection is sent to the local server instead.
    const results = await check([target("refund", "http://hooks.example.com/refunds")], {
      lookup: async () => [{ address: "203.0.113.10" }],
      connectTcp: () => net.connect({ host: "127.0.0.1", port }),
    });
    expect(results).toEqual([
      {
        status: "warn",
        title:
          "Webhook http://hooks.example.com (refund): reachable, but over plain http: requests and their signatures travel unencrypted",
        fix: "Serve the webhook over HTTPS and change its url in ./actions.yml to https://….",
      },
    ]);
  });

  it("says a connection was refused", async () => {
    const closed = await closedPort();
    expect(await check([target("refund", `http://127.0.0.1:${closed}/x`)])).toEqual([
      {
        status: "fail",
        title: `Webhook http://127.0.0.1:${closed} (refund): connection refused: nothing listens on 127.0.0.1:${closed}`,
        fix: "Start the webhook's service, or correct the url in ./actions.yml if the host or port is wrong.",
      },
    ]);
  });

  it("says a host cannot be resolved, or DNS did not answer", async () => {
    const [unknown] = await check([target("refund", "https://hooks.doctor-test.invalid/x")]);
    expect(unknown).toMatchObject({
      status: "fail",
      title:
        "Webhook https://hooks.doctor-test.invalid (refund): cannot resolve host hooks.doctor-test.invalid (ENOTFOUND)",
      fix: expect.stringMatching(/^Check the host name, or correct the url in \.\/actions\.yml\./),
    });
    const [silent] = await check([target("refund", "https://hooks.internal/x")], {
      lookup: () => new Promise(() => {}),
      timeoutMs: 50,
    });
    expect(silent?.title).toBe(
      "Webhook https://hooks.internal (refund): cannot resolve host hooks.internal: DNS did not answer in time",
    );
  });

  it("gives up on a host that does not answer, quickly, checking all targets at once", async () => {
    // Sockets that never connect; the order of events shows whether the checks overlapped.
    const events: string[] = [];
    const results = await check(
      [target("one", "http://10.1.1.1/x"), target("two", "http://10.2.2.2/x")],
      {
        connectTcp: (options) => {
          const host = (options as net.TcpNetConnectOpts).host;
          events.push(`connect ${host}`);
          const socket = new net.Socket();
          socket.once("close", () => events.push(`gave up on ${host}`));
          return socket;
        },
        timeoutMs: 100,
      },
    );
    expect(events.slice(0, 2)).toEqual(["connect 10.1.1.1", "connect 10.2.2.2"]);
    expect(results.map((result) => result.title)).toEqual([
      "Webhook http://10.1.1.1 (one): no answer from 10.1.1.1:80 within 0.1 s",
      "Webhook http://10.2.2.2 (two): no answer from 10.2.2.2:80 within 0.1 s",
    ]);
  });

  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "127.8.0.2", "::1", "::ffff:127.0.0.1"].every(isLoopback)).toBe(true);
    expect(["10.0.0.1", "::2", "203.0.113.1"].some(isLoopback)).toBe(false);
  });
});

describe.runIf(hasOpenssl)("checkWebhookTargets over https", () => {
  let dir: string;
  let ca: string;
  const servers: net.Server[] = [];
  const ports: Record<"trusted" | "wrongHost" | "selfSigned" | "plain", number> = {
    trusted: 0,
    wrongHost: 0,
    selfSigned: 0,
    plain: 0,
  };
  /** Trusts the tests' own certificate authority, as NODE_EXTRA_CA_CERTS would. */
  const trusting: Partial<NetworkDeps> = {
    connectTls: (options) => tls.connect({ ...options, ca }),
  };

  async function serve(pair: KeyPair): Promise<number> {
    const server = tls.createServer(pair, (socket) => socket.end());
    servers.push(server);
    return listening(server);
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "four-eyes-doctor-tls-"));
    const certificates = await makeCertificates(dir);
    ca = certificates.ca;
    ports.trusted = await serve(certificates.trusted);
    ports.wrongHost = await serve(certificates.wrongHost);
    ports.selfSigned = await serve(certificates.selfSigned);
    const plain = createHttpServer((_req, res) => res.end());
    servers.push(plain);
    ports.plain = await listening(plain);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await rm(dir, { recursive: true, force: true });
  });

  it("passes a trusted certificate for the host, saying until when it is valid", async () => {
    const [result] = await check(
      [target("refund", `https://127.0.0.1:${ports.trusted}/x`)],
      trusting,
    );
    expect(result).toEqual({
      status: "ok",
      title: expect.stringMatching(
        new RegExp(
          `^Webhook https://127\\.0\\.0\\.1:${ports.trusted} \\(refund\\): reachable, certificate trusted, valid until \\d{4}-\\d\\d-\\d\\d$`,
        ),
      ),
    });
  });

  it("warns about a certificate that expires within two weeks", async () => {
    const inFiftyWeeks = () => new Date(Date.now() + 360 * 86_400_000);
    const [result] = await check(
      [target("refund", `https://127.0.0.1:${ports.trusted}/x`)],
      trusting,
      inFiftyWeeks,
    );
    expect(result).toMatchObject({
      status: "warn",
      title: expect.stringMatching(/: certificate expires on \d{4}-\d\d-\d\d \(in [45] days\)$/),
      fix: "Renew the server's certificate: once it expires every approved request to it fails.",
    });
  });

  it("says a self-signed certificate is not trusted", async () => {
    const [result] = await check([target("refund", `https://127.0.0.1:${ports.selfSigned}/x`)]);
    expect(result).toEqual({
      status: "fail",
      title: `Webhook https://127.0.0.1:${ports.selfSigned} (refund): certificate not trusted: it is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)`,
      fix: "Give the server a certificate from a public certificate authority. For a private one, start the bot (and this check) with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.",
    });
  });

  it("says the certificate is for another host", async () => {
    const [result] = await check(
      [target("refund", `https://127.0.0.1:${ports.wrongHost}/x`)],
      trusting,
    );
    expect(result).toMatchObject({
      status: "fail",
      title: `Webhook https://127.0.0.1:${ports.wrongHost} (refund): wrong host: the certificate is for other.example, not 127.0.0.1`,
    });
  });

  it("says when the port does not speak TLS", async () => {
    const [result] = await check([target("refund", `https://127.0.0.1:${ports.plain}/x`)]);
    expect(result).toEqual({
      status: "fail",
      title: `Webhook https://127.0.0.1:${ports.plain} (refund): TLS handshake failed: the port does not speak TLS (plain http?)`,
      fix: "Use the server's HTTPS port. If it only serves plain HTTP, put TLS in front of it: ./actions.yml accepts an http:// url only for this machine (localhost) or with allow_insecure_http: true.",
    });
  });
});

describe("checkWebhookTargets: certificate problems", () => {
  /** A handshake that completes with the verdict given, as tls.connect reports one. */
  function handshakeWith(authorizationError: string, validTo: string): NetworkDeps["connectTls"] {
    return () => {
      const socket = Object.assign(new EventEmitter(), {
        authorized: false,
        authorizationError,
        getPeerCertificate: () => ({
          valid_from: "Jan  1 00:00:00 2025 GMT",
          valid_to: validTo,
          subjectaltname: "DNS:hooks.example.com",
        }),
        destroy: () => {},
      });
      setImmediate(() => socket.emit("secureConnect"));
      return socket as unknown as tls.TLSSocket;
    };
  }
  const lookup = async () => [{ address: "203.0.113.10" }];

  it("says when a certificate expired", async () => {
    const [result] = await check([target("refund", "https://hooks.example.com/x")], {
      lookup,
      connectTls: handshakeWith("CERT_HAS_EXPIRED", "Mar  1 12:00:00 2026 GMT"),
    });
    expect(result).toEqual({
      status: "fail",
      title: "Webhook https://hooks.example.com (refund): certificate expired on 2026-03-01",
      fix: "Renew the server's certificate; until then every approved request to it fails.",
    });
  });

  it("says when a certificate's issuer is unknown", async () => {
    const [result] = await check([target("refund", "https://hooks.example.com/x")], {
      lookup,
      connectTls: handshakeWith("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "Mar  1 12:00:00 2030 GMT"),
    });
    expect(result?.title).toBe(
      "Webhook https://hooks.example.com (refund): certificate not trusted: it was issued by a certificate authority this machine does not trust, or the server does not send its intermediate certificates (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)",
    );
  });
});
