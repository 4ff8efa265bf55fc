import { describe, expect, it } from "vitest";
import { authorizeActor } from "../../../src/core/commands/authorize-actor.ts";
import type { Permission } from "../../../src/core/commands/foreman-command.ts";

const options = (permission: Permission, allowBots: string[] = []) => ({
  selfLogin: "foreman[bot]",
  allowBots,
  permission: async () => permission,
});

describe("authorizeActor", () => {
  it("allows writers, maintainers and admins, and refuses everyone else", async () => {
    const person = { login: "alice", type: "User" };
    for (const permission of ["write", "maintain", "admin"] as const) {
      expect(await authorizeActor(person, options(permission))).toBe("allow");
    }
    for (const permission of ["triage", "read", "none"] as const) {
      expect(await authorizeActor(person, options(permission))).toBe("refuse");
    }
  });

  it("ignores Foreman itself and bots that are not allow-listed, without asking for their permission", async () => {
    const never = {
      selfLogin: "foreman[bot]",
      allowBots: [],
      permission: () => Promise.reject(new Error("asked")),
    };
    expect(await authorizeActor({ login: "foreman[bot]", type: "Bot" }, never)).toBe("ignore");
    expect(await authorizeActor({ login: "dependabot[bot]", type: "Bot" }, never)).toBe("ignore");
    expect(await authorizeActor({ login: "ci-helper", type: "Bot" }, never)).toBe("ignore");
  });

  it("obeys a bot the config allow-lists", async () => {
    expect(
      await authorizeActor({ login: "release[bot]", type: "Bot" }, options("none", ["release[bot]"])),
    ).toBe("allow");
  });
});
