import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ADMIN_LOGIN, type EmulatorState, emulatorStateSchema } from "./emulator-state.ts";

export const STATE_FILE = "emulator-state.json";
/** Saves are coalesced: a burst of writes costs one file write. */
const SAVE_DELAY_MS = 50;

/** A fresh world: the administrator and its token, nothing else. */
export function createEmptyState(): EmulatorState {
  const createdAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const adminToken = `ghp_${randomBytes(18).toString("base64url")}`;
  return {
    version: 1,
    // Ids start far above any issue number, so an issue number sent where an id belongs names nothing.
    nextId: 1_000_001,
    adminToken,
    accounts: { [ADMIN_LOGIN]: { id: 1_000_000, login: ADMIN_LOGIN, type: "User", createdAt } },
    tokens: { [adminToken]: { kind: "user", login: ADMIN_LOGIN } },
    apps: [],
    installations: [],
    repositories: {},
  };
}

/** Persists the state as JSON in `dataDir` (debounced, atomically replaced) and reads it back on start. */
export class StateStore {
  readonly #file: string;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #pending: EmulatorState | undefined;
  #closed = false;

  constructor(dataDir: string) {
    this.#file = join(dataDir, STATE_FILE);
  }

  async load(): Promise<EmulatorState | null> {
    let text: string;
    try {
      text = await readFile(this.#file, "utf8");
    } catch {
      return null;
    }
    const parsed = emulatorStateSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new Error(
        `${this.#file} is not a state file this emulator can read (${parsed.error.issues[0]?.message ?? "invalid"}); move it away to start fresh`,
      );
    }
    return parsed.data;
  }

  schedule(state: EmulatorState): void {
    // Work that outlives the emulator's close must not write into a data folder that may be gone.
    if (this.#closed) return;
    this.#pending = state;
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch((error: unknown) => {
        process.emitWarning(`the local GitHub could not save its state: ${String(error)}`);
      });
    }, SAVE_DELAY_MS);
  }

  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const state = this.#pending;
    this.#pending = undefined;
    if (state) {
      const text = `${JSON.stringify(state, null, 2)}\n`;
      // A failed save must not poison every later one: each write starts from a settled chain.
      this.#writing = this.#writing
        .catch(() => undefined)
        .then(async () => {
          const temporary = `${this.#file}.${process.pid}.tmp`;
          await writeFile(temporary, text);
          await rename(temporary, this.#file);
        });
    }
    await this.#writing;
  }

  /** Writes what is pending, then ignores every later change. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }
}
