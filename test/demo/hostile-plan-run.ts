import type { PlanRun } from "../../src/demo/plan-run.ts";
import { planRunFixture } from "./plan-run-fixture.ts";

export const HOSTILE_TITLE = `<img src=x onerror="document.title='pwned'"><script>document.body.dataset.pwned='1'</script> & "quotes" 'too'`;

/**
 * The finished todo-cli run with text an attacker controls everywhere a person's words appear: a
 * task title and the plan title carrying markup and script, feedback that tries to close its
 * `<pre>`, and a report link with a `javascript:` URL.
 */
export function hostilePlanRun(): PlanRun {
  const run = planRunFixture("finished");
  run.plan.title = `Plan </title><script>alert(1)</script>`;
  const [, second, , fourth] = run.tasks;
  if (second === undefined || fourth === undefined) throw new Error("the fixture has five tasks");
  second.title = HOSTILE_TITLE;
  const first = fourth.attempts[0];
  if (first) first.feedback = `not ok 5 - x</pre></details><script>document.body.dataset.pwned='2'</script>`;
  if (fourth.pr) fourth.pr.reportUrl = "javascript:document.body.dataset.pwned='3'";
  return run;
}
