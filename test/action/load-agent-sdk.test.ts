import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAgentSdk } from "../../src/action/load-agent-sdk.ts";
import { ROOT, SDK_VERSION } from "./action-world.ts";

describe("loadAgentSdk, the seam to Claude Code", () => {
  it("loads the pinned SDK from a directory that already holds it", async () => {
    const sdk = await loadAgentSdk({
      version: SDK_VERSION ?? "",
      toolCache: tmpdir(),
      preinstalled: ROOT,
      log: () => {},
    });
    expect(sdk.version).toBe(SDK_VERSION);
    expect(typeof sdk.query).toBe("function");
  });

  it("refuses a version other than the one the Action asks for, naming the input", async () => {
    await expect(
      loadAgentSdk({ version: "0.3.1", toolCache: tmpdir(), preinstalled: ROOT, log: () => {} }),
    ).rejects.toThrow(/is version .* but the Action asks for 0\.3\.1 \(input `claude-code-version`\)/);
  });

  it("says what is wrong with a preinstalled directory without the SDK", async () => {
    const empty = await mkdtemp(join(tmpdir(), "foreman-no-sdk-"));
    try {
      await expect(
        loadAgentSdk({ version: "0.3.332", toolCache: tmpdir(), preinstalled: empty, log: () => {} }),
      ).rejects.toThrow(/FOREMAN_AGENT_SDK_DIR=.* has no @anthropic-ai\/claude-agent-sdk/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
