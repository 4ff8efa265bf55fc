import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { PlanRun } from "./plan-run.ts";
import { renderPlanRunPage } from "./render-plan-run-page.ts";

/** `--keep DIR`: writes the run's page as `DIR/index.html` (creating DIR) and returns its absolute path. */
export async function writePlanRunPage(dir: string, run: PlanRun, now: number): Promise<string> {
  const path = join(resolve(dir), "index.html");
  await mkdir(resolve(dir), { recursive: true });
  await writeFile(path, renderPlanRunPage(run, { now }));
  return path;
}
