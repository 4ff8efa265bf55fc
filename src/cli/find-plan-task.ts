import { CliFailure } from "./cli-failure.ts";
import type { OpenedPlan } from "./open-plan-on-github.ts";

/** The task a person named, by id or one of its aliases, case-insensitively (as `/foreman retry` finds it). */
export function findPlanTask(opened: OpenedPlan, requested: string): string {
  const wanted = requested.trim().toLowerCase();
  const { view, loaded } = opened;
  const aliases = new Map(
    loaded.document.graph.tasks.flatMap((task) =>
      task.aliases.map((alias) => [alias.toLowerCase(), task.id]),
    ),
  );
  const id = view.tasks.find((task) => task.id.toLowerCase() === wanted)?.id ?? aliases.get(wanted);
  if (id !== undefined && view.tasks.some((task) => task.id === id)) return id;
  const plan = `${opened.reference.owner}/${opened.reference.repo}#${opened.reference.number}`;
  const known = view.tasks.map((task) => task.id);
  throw new CliFailure(
    known.length === 0
      ? `${plan} has no tasks yet (the plan has not been started), so there is no task '${requested}'.`
      : `${plan} has no task '${requested}'; its tasks: ${known.join(", ")}.`,
  );
}
