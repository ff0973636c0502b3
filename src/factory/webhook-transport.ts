import net from "node:net";

/**
 * Whether a webhook URL reaches a host other than this machine over plain http: the request (its
 * parameters, sensitive ones included) and its signature would cross the network unencrypted.
 * localhost, 127.0.0.0/8 and ::1 never leave the machine.
 */
export function isInsecureRemote(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol !== "http:") return false;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (host === "localhost" || host === "::1") return false;
  return !(net.isIPv4(host) && host.startsWith("127."));
}

/** The refusal for an actions.yml url, naming the two ways out. */
export const INSECURE_HTTP_PROBLEM =
  "must be https:// for a host other than this machine (localhost, 127.0.0.1, ::1): over plain http the request and its signature travel unencrypted. Use https://, or add allow_insecure_http: true to this executor to accept that";

/** What start-up warns about an action that has accepted plain http to another machine. */
export function insecureHttpWarning(actionId: string, url: string): string {
  return `Action "${actionId}" sends its requests to ${new URL(url).origin} over plain http (allow_insecure_http: true): its parameters and signatures travel unencrypted.`;
}
