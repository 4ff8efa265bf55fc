import type { GitIdentity } from "../git/bare-repo.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";

/**
 * The name and noreply address GitHub puts on commits it makes for an account. For an app's bot GitHub
 * writes `<id>+<slug>[bot]@users.noreply.github.com`, which the spec's `email` format refuses in every
 * payload that carries the commit; the brackets are left out so payloads stay valid.
 */
export function gitIdentityOf(runtime: EmulatorRuntime, login: string): GitIdentity {
  const local = login.endsWith("[bot]") ? `${login.slice(0, -"[bot]".length)}-bot` : login;
  return { name: login, email: `${runtime.account(login).id}+${local}@users.noreply.github.com` };
}
