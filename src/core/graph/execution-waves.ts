import { isFinishedStatus, type Task } from "./task-graph.ts";

type WaveTask = Pick<Task, "id" | "deps" | "status">;

/**
 * Remaining work grouped into waves: wave 1 can start now, wave 2 once wave 1 is done, and so on. Tasks
 * already done or skipped are left out and count as satisfied. Tasks on a cycle never get a wave.
 */
export function executionWaves(tasks: readonly WaveTask[]): string[][] {
  const remaining = tasks.filter((task) => !isFinishedStatus(task.status));
  const remainingIds = new Set(remaining.map((task) => task.id));
  const waveOf = new Map<string, number>();
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const task of remaining) {
      if (waveOf.has(task.id)) continue;
      let wave = 0;
      let ready = true;
      for (const dep of task.deps) {
        if (!remainingIds.has(dep.id)) continue;
        const depWave = waveOf.get(dep.id);
        if (depWave === undefined) {
          ready = false;
          break;
        }
        wave = Math.max(wave, depWave + 1);
      }
      if (ready) {
        waveOf.set(task.id, wave);
        progressed = true;
      }
    }
  }
  const waves: string[][] = [];
  for (const task of remaining) {
    const wave = waveOf.get(task.id);
    if (wave === undefined) continue;
    const members = waves[wave] ?? [];
    members.push(task.id);
    waves[wave] = members;
  }
  return waves.filter((wave) => wave.length > 0);
}
