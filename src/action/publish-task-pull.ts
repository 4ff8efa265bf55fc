import type { PullFact } from "../core/plan/task-facts.ts";
import type { Forge } from "../github/forge.ts";
import { retryTransient } from "../github/retry-transient.ts";
import { statusOfError } from "../github/status-of-error.ts";

type PullRequest = { title: string; body: string; head: string; base: string };

/**
 * Opens the task's PR, or updates the open one, looking before every send: a create that took effect
 * but lost its answer (a 5xx, a dropped connection) is found by its branch on the next try and
 * updated, never opened twice. GitHub's own "a pull request already exists" is answered the same way.
 */
export async function publishTaskPull(
  forge: Forge,
  pull: PullRequest,
  log: (line: string) => void,
): Promise<{ pull: PullFact; opened: boolean }> {
  const updateOpen = async () => {
    const open = (await forge.listPullsByHead(pull.head)).find((candidate) => candidate.state === "open");
    return open ? forge.updatePull(open.number, { title: pull.title, body: pull.body }) : null;
  };
  return retryTransient(async () => {
    const updated = await updateOpen();
    if (updated) return { pull: updated, opened: false };
    try {
      return { pull: await forge.createPull(pull), opened: true };
    } catch (error) {
      if (statusOfError(error) !== 422 || !/already exists/i.test(String(error))) throw error;
      const found = await updateOpen();
      if (found === null) throw error;
      return { pull: found, opened: false };
    }
  }, log);
}
