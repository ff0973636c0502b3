import { type CheckResult, failed, passed, warning } from "./check-result.ts";
import { type Certificate, isLoopback, type NetworkDeps, type Reach, reach } from "./network.ts";
import type { WebhookTarget } from "./webhook-targets.ts";

export interface WebhookCheckOptions {
  readonly network: NetworkDeps;
  /** Where the URLs come from, for the fixes ("change the url in ./actions.yml"). */
  readonly actionsFile: string;
  readonly now?: () => Date;
}

/** A certificate this close to its end gets a warning: renewals take time. */
const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 86_400_000;

/**
 * One line per webhook server (scheme, host and port), naming the actions that use it, all
 * checked at once. Only the origin is shown: paths and query strings may carry tokens.
 */
export async function checkWebhookTargets(
  targets: readonly WebhookTarget[],
  options: WebhookCheckOptions,
): Promise<CheckResult[]> {
  const byOrigin = new Map<string, { url: URL; actions: string[] }>();
  for (const target of targets) {
    const url = new URL(target.url);
    const entry = byOrigin.get(url.origin) ?? { url, actions: [] };
    entry.actions.push(target.actionId);
    byOrigin.set(url.origin, entry);
  }
  return Promise.all(
    [...byOrigin.entries()].map(async ([origin, { url, actions }]) => {
      const secure = url.protocol === "https:";
      const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
      const port = Number(url.port) || (secure ? 443 : 80);
      const found = await reach(hostname, port, secure, options.network);
      const subject = `Webhook ${origin} (${actions.join(", ")})`;
      return describe(subject, found, { hostname, port, secure, ...options });
    }),
  );
}

interface Context extends WebhookCheckOptions {
  readonly hostname: string;
  readonly port: number;
  readonly secure: boolean;
}

function describe(subject: string, found: Reach, context: Context): CheckResult {
  if (!found.ok) {
    const { problem, fix } = explainFailure(found, context);
    return failed(`${subject}: ${problem}`, { fix });
  }
  if (!context.secure) {
    if (found.addresses.every(isLoopback)) return passed(`${subject}: reachable on this machine`);
    return warning(
      `${subject}: reachable, but over plain http: requests and their signatures travel unencrypted`,
      {
        fix: `Serve the webhook over HTTPS and change its url in ${context.actionsFile} to https://….`,
      },
    );
  }
  const validTo = found.certificate?.validTo;
  if (!validTo) return passed(`${subject}: reachable, certificate trusted`);
  const now = (context.now ?? (() => new Date()))();
  const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    return warning(`${subject}: certificate expires on ${day(validTo)} (in ${daysLeft} days)`, {
      fix: "Renew the server's certificate: once it expires every approved request to it fails.",
    });
  }
  return passed(`${subject}: reachable, certificate trusted, valid until ${day(validTo)}`);
}

function explainFailure(
  found: Extract<Reach, { ok: false }>,
  { hostname, port, actionsFile, network }: Context,
): { problem: string; fix: string } {
  const where = `${hostname}:${port}`;
  const fixUrl = `correct the url in ${actionsFile}`;
  if (found.stage === "dns") {
    return {
      problem:
        found.code === "TIMEOUT"
          ? `cannot resolve host ${hostname}: DNS did not answer in time`
          : `cannot resolve host ${hostname} (${found.code})`,
      fix: `Check the host name, or ${fixUrl}. An internal name must resolve where the bot runs (VPN, cluster or corporate DNS).`,
    };
  }
  if (found.stage === "tls") return explainCertificate(found, hostname, actionsFile);
  switch (found.code) {
    case "ECONNREFUSED":
      return {
        problem: `connection refused: nothing listens on ${where}`,
        fix: `Start the webhook's service, or ${fixUrl} if the host or port is wrong.`,
      };
    case "TIMEOUT":
    case "ETIMEDOUT":
      return {
        problem: `no answer from ${where} within ${network.timeoutMs / 1000} s`,
        fix: "Check that a firewall or security group lets this machine reach that port, and that the port is right.",
      };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return {
        problem: `no route to ${hostname} (${found.code})`,
        fix: "Check this machine's network: the host is on a network it cannot reach (VPN, routing, firewall).",
      };
    case "ECONNRESET":
      return {
        problem: `${where} closed the connection at once (ECONNRESET)`,
        fix: "Check that the port serves the webhook, and that no firewall cuts the connection.",
      };
    default:
      return {
        problem: `cannot connect to ${where}: ${found.message}`,
        fix: `Check that the webhook's service runs and is reachable from here, or ${fixUrl}.`,
      };
  }
}

const UNTRUSTED: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "it is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "it was issued by a certificate authority this machine does not trust",
  UNABLE_TO_GET_ISSUER_CERT: "it was issued by a certificate authority this machine does not trust",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "it was issued by a certificate authority this machine does not trust, or the server does not send its intermediate certificates",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "it was issued by a certificate authority this machine does not trust, or the server does not send its intermediate certificates",
  CERT_UNTRUSTED: "this machine does not trust it",
  CERT_SIGNATURE_FAILURE: "its signature is invalid",
  CERT_REVOKED: "it was revoked",
};

function explainCertificate(
  found: Extract<Reach, { ok: false }>,
  hostname: string,
  actionsFile: string,
): { problem: string; fix: string } {
  const certificate: Certificate | undefined = found.certificate;
  switch (found.code) {
    case "CERT_HAS_EXPIRED":
      return {
        problem: `certificate expired${certificate ? ` on ${day(certificate.validTo)}` : ""}`,
        fix: "Renew the server's certificate; until then every approved request to it fails.",
      };
    case "CERT_NOT_YET_VALID":
      return {
        problem: `certificate not valid yet${certificate ? ` (from ${day(certificate.validFrom)})` : ""}`,
        fix: "Check the clock of this machine and of the server.",
      };
    case "ERR_TLS_CERT_ALTNAME_INVALID": {
      const names = certificate?.names.join(", ");
      return {
        problem: `wrong host: the certificate is for ${names || "other names"}, not ${hostname}`,
        fix: `Use a host name the certificate covers in the url in ${actionsFile}, or give the server a certificate for ${hostname}.`,
      };
    }
  }
  const why = UNTRUSTED[found.code];
  if (why !== undefined) {
    return {
      problem: `certificate not trusted: ${why} (${found.code})`,
      fix: "Give the server a certificate from a public certificate authority. For a private one, start the bot (and this check) with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.",
    };
  }
  if (found.code === "ERR_SSL_WRONG_VERSION_NUMBER") {
    return {
      problem: "TLS handshake failed: the port does not speak TLS (plain http?)",
      fix: `Use the server's HTTPS port. If it only serves plain HTTP, put TLS in front of it: ${actionsFile} accepts an http:// url only for this machine (localhost) or with allow_insecure_http: true.`,
    };
  }
  return {
    problem: `TLS handshake failed: ${found.message}`,
    fix: `Check that the port serves HTTPS; ${actionsFile} accepts an http:// url only for this machine (localhost) or with allow_insecure_http: true.`,
  };
}

/** 2027-03-12: dates in UTC, the same wherever the check runs. */
function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
