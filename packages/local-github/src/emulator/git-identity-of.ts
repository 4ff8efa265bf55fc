import type { GitIdentity } from "../git/bare-repo.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";

/** The name and noreply address GitHub puts on commits it makes for an account. */
export function gitIdentityOf(runtime: EmulatorRuntime, login: string): GitIdentity {
  return { name: login, email: `${runtime.account(login).id}+${login}@users.noreply.github.com` };
}
