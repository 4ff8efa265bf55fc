import type { EmulatorRuntime } from "./emulator-runtime.ts";

type Member = { runId: number; cancel: () => void };
type Group = { running: Member | null; pending: { member: Member; admit: (go: boolean) => void } | null };

/** Per emulator: the runs holding or waiting for each `owner/repo` concurrency group. */
const groupsOf = new WeakMap<EmulatorRuntime, Map<string, Group>>();

/**
 * GitHub's `concurrency:` for a run: at most one run of a group runs and one waits; a newer run
 * replaces the waiting one (cancelled), and with `cancel-in-progress` the running one is cancelled.
 * Resolves when the run may start with the function that hands the group on, or with null when a newer
 * run replaced this one before its turn.
 */
export async function enterConcurrencyGroup(
  runtime: EmulatorRuntime,
  key: string,
  member: Member,
  cancelInProgress: boolean,
): Promise<(() => void) | null> {
  let groups = groupsOf.get(runtime);
  if (!groups) {
    groups = new Map();
    groupsOf.set(runtime, groups);
  }
  const group = groups.get(key) ?? { running: null, pending: null };
  groups.set(key, group);
  const release = () => {
    if (group.running !== member) return;
    const next = group.pending;
    group.running = next?.member ?? null;
    group.pending = null;
    if (next) next.admit(true);
    else groups.delete(key);
  };
  if (group.running === null) {
    group.running = member;
    return release;
  }
  if (cancelInProgress) group.running.cancel();
  group.pending?.admit(false);
  const admitted = await new Promise<boolean>((admit) => {
    group.pending = { member, admit };
  });
  return admitted ? release : null;
}
