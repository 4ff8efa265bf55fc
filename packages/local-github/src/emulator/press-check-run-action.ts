import { emitCheckRunEvent } from "./emit-check-events.ts";
import type { EmulatorRuntime } from "./emulator-runtime.ts";

/**
 * A person clicking a check run's `requested_action` button in GitHub's web UI: the app that created the
 * check run (only it) gets `check_run.requested_action` with the button's identifier and the person as
 * sender. GitHub shows the buttons once the check run completed, to anyone who can see the repository;
 * deciding who may act is the app's business.
 */
export async function pressCheckRunAction(
  runtime: EmulatorRuntime,
  options: { repository: string; checkRunId: number; identifier: string; login: string },
): Promise<void> {
  const [owner = "", name = ""] = options.repository.split("/");
  const repo = runtime.state.repositories[`${owner}/${name}`];
  if (!repo) throw new Error(`pressCheckRunAction: no repository ${options.repository}`);
  const run = repo.checkRuns.find((candidate) => candidate.id === options.checkRunId);
  if (!run)
    throw new Error(`pressCheckRunAction: no check run ${options.checkRunId} in ${options.repository}`);
  if (run.status !== "completed")
    throw new Error(
      `pressCheckRunAction: check run ${run.id} is ${run.status}; its buttons show once it completed`,
    );
  const action = run.actions.find((candidate) => candidate.identifier === options.identifier);
  if (!action)
    throw new Error(
      `pressCheckRunAction: check run ${run.id} has no button "${options.identifier}" (it has: ${run.actions.map((candidate) => candidate.identifier).join(", ") || "none"})`,
    );
  runtime.account(options.login);
  await emitCheckRunEvent(runtime, repo, run, "requested_action", options.login, {
    identifier: action.identifier,
  });
}
