import { execFile, spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The TLS tests need the openssl command to make certificates; they are skipped without it. */
export const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

export interface KeyPair {
  readonly key: string;
  readonly cert: string;
}

export interface TestCertificates {
  /** A certificate authority of the tests' own, trusted only where a test passes it. */
  readonly ca: string;
  /** For 127.0.0.1 and localhost, issued by `ca`, valid for a year. */
  readonly trusted: KeyPair;
  /** For other.example only, issued by `ca`. */
  readonly wrongHost: KeyPair;
  /** For 127.0.0.1 and localhost, signed by its own key. */
  readonly selfSigned: KeyPair;
}

/**
 * openssl`req -out ${file}`: the words of the literal text are separate arguments, and each
 * interpolated value one argument, whatever spaces it holds.
 */
async function openssl(words: TemplateStringsArray, ...values: string[]): Promise<void> {
  const args = words.flatMap((text, index) => [
    ...text.split(/\s+/).filter(Boolean),
    ...(index < values.length ? [values[index] as string] : []),
  ]);
  await run("openssl", args);
}

/** Makes the certificates in `dir` (elliptic-curve keys: fast to generate). */
export async function makeCertificates(dir: string): Promise<TestCertificates> {
  const file = (name: string) => path.join(dir, name);
  const pair = async (name: string): Promise<KeyPair> => ({
    key: await readFile(file(`${name}.key`), "utf8"),
    cert: await readFile(file(`${name}.pem`), "utf8"),
  });
  const issue = async (name: string, altNames: string): Promise<KeyPair> => {
    await openssl`req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
      -keyout ${file(`${name}.key`)} -out ${file(`${name}.csr`)} -subj ${`/CN=${name}`}`;
    await writeFile(file(`${name}.ext`), `subjectAltName=${altNames}\n`);
    await openssl`x509 -req -in ${file(`${name}.csr`)} -CA ${file("ca.pem")}
      -CAkey ${file("ca.key")} -CAcreateserial -days 365 -extfile ${file(`${name}.ext`)}
      -out ${file(`${name}.pem`)}`;
    return pair(name);
  };
  await openssl`req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
    -keyout ${file("ca.key")} -out ${file("ca.pem")} -days 30 -subj ${"/CN=Four Eyes Test CA"}`;
  await openssl`req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes
    -keyout ${file("self.key")} -out ${file("self.pem")} -days 365 -subj /CN=localhost
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1`;
  return {
    ca: await readFile(file("ca.pem"), "utf8"),
    trusted: await issue("trusted", "DNS:localhost,IP:127.0.0.1"),
    wrongHost: await issue("wrong-host", "DNS:other.example"),
    selfSigned: await pair("self"),
  };
}
