import { createPrivateKey, sign } from "node:crypto";
import { CliFailure } from "./cli-failure.ts";

/** The JWT an App authenticates with (RS256, issued a minute ago for clock drift, valid nine minutes). */
export function signAppJwt(appId: string, privateKeyPem: string, nowMs: number): string {
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(privateKeyPem.replace(/\\n/g, "\n"));
  } catch {
    throw new CliFailure(
      "PRIVATE_KEY is not a PEM private key: give the App's key as downloaded (-----BEGIN RSA PRIVATE KEY-----…), or PRIVATE_KEY_PATH to its file.",
    );
  }
  const now = Math.floor(nowMs / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat: now - 60, exp: now + 540, iss: appId })}`;
  return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), key).toString("base64url")}`;
}
