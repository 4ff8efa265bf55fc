import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createEmptyState, STATE_FILE, StateStore } from "../../src/emulator/state-store.ts";

describe("the emulator's state file", () => {
  it("writes what is pending on close and nothing after, even when the folder is gone", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "state-store-"));
    const store = new StateStore(dataDir);
    const state = createEmptyState();
    store.schedule(state);
    await store.close();
    const saved = JSON.parse(await readFile(join(dataDir, STATE_FILE), "utf8"));
    expect(saved.adminToken).toBe(state.adminToken);

    await rm(dataDir, { recursive: true, force: true });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      // Background work that outlives close still reports changes.
      store.schedule({ ...state, nextId: state.nextId + 1 });
      await sleep(120);
      await store.flush();
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).toEqual([]);
  });

  it("a failed save is reported and does not stop the next one", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "state-store-"));
    const folder = join(dataDir, "later");
    const store = new StateStore(folder);
    const state = createEmptyState();
    store.schedule(state);
    await expect(store.flush()).rejects.toThrow(/ENOENT/);
    await mkdir(folder);
    store.schedule({ ...state, nextId: state.nextId + 7 });
    await store.flush();
    expect(JSON.parse(await readFile(join(folder, STATE_FILE), "utf8")).nextId).toBe(state.nextId + 7);
    await rm(dataDir, { recursive: true, force: true });
  });
});
