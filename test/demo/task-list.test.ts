import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { TASK_STATES } from "../../src/core/graph/task-state.ts";
import { chooseTerminalStyle } from "../../src/demo/choose-terminal-style.ts";
import { createTaskListDisplay } from "../../src/demo/create-task-list-display.ts";
import { describeTaskProgress } from "../../src/demo/describe-task-progress.ts";
import { formatFigure } from "../../src/demo/format-figure.ts";
import type { PlanRun } from "../../src/demo/plan-run.ts";
import { renderProgressChanges } from "../../src/demo/render-progress-changes.ts";
import { renderRunClosing } from "../../src/demo/render-run-closing.ts";
import { renderTaskList } from "../../src/demo/render-task-list.ts";
import { planRunFixture } from "./plan-run-fixture.ts";

const now = Date.parse("2026-12-01T10:00:30Z");
const ESC = "\u001b";

describe("renderTaskList", () => {
  it("draws one line per task with its mark, state, detail and cost", () => {
    expect(renderTaskList(planRunFixture("midway"), { now, color: false, width: null })).toEqual([
      "Plan #1 · todo-cli: finish, date, filter and explain to-dos · 1/5 done · 30s · 3 attempts · $0.45",
      "  ✓ T1  Complete and remove to-dos               done · PR #7 merged · 1 attempt · $0.17",
      "  ● T2  Parse due dates                          running · attempt 1 of 3 · Claude Code working · $0.15",
      "  ● T3  Filter and sort the list                 verifying · attempt 1 of 3 · checks running on PR #9 · $0.13",
      "  ○ T4  Due dates and views on the command line  waiting · needs T2, T3",
      "  ○ T5  Help text and README                     waiting · needs T4",
    ]);
  });

  it("marks a retry ↻ and a task that needs a person ✗, with the reason", () => {
    const stuck = renderTaskList(planRunFixture("stuck"), { now, color: false, width: null });
    expect(stuck[4]).toBe(
      "  ✗ T4  Due dates and views on the command line  needs a person · 3 of 3 attempts failed the required check `test` · $0.44",
    );
    expect(stuck[5]).toBe("  ⊘ T5  Help text and README                     blocked · T4 needs a person");
    const retrying = planRunFixture("finished");
    const T4 = retrying.tasks[3] as PlanRun["tasks"][number];
    T4.state = "failed";
    T4.attempts = T4.attempts.slice(0, 1);
    expect(renderTaskList(retrying, { now, color: false, width: null })[4]).toBe(
      "  ↻ T4  Due dates and views on the command line  retrying · attempt 1 failed · The required check `test` failed on abc1234. · $0.15",
    );
    T4.state = "running";
    T4.attempts = planRunFixture("finished").tasks[3]?.attempts ?? [];
    expect(renderTaskList(retrying, { now, color: false, width: null })[4]).toContain(
      "↻ T4  Due dates and views on the command line  retrying · attempt 2 of 3 · Claude Code working",
    );
  });

  it("cuts every line to the terminal width so a redraw never meets a wrapped line", () => {
    const lines = renderTaskList(planRunFixture("midway"), { now, color: false, width: 50 });
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(50);
    expect(lines[1]).toBe("  ✓ T1  Complete and remove to-dos               …");
  });

  it("colours the mark and status only when asked, and the cut ignores the colour codes", () => {
    const plain = renderTaskList(planRunFixture("midway"), { now, color: false, width: 70 });
    const painted = renderTaskList(planRunFixture("midway"), { now, color: true, width: 70 });
    expect(plain.join("")).not.toContain(ESC);
    expect(painted[1]).toContain(`${ESC}[32m✓${ESC}[0m`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping the colour codes
    expect(painted.map((line) => line.replace(/\u001b\[\d+m/g, ""))).toEqual(plain);
  });

  it("prints hostile titles as inert text: no escape sequences, line breaks or bidi overrides", () => {
    const run = planRunFixture("midway");
    const first = run.tasks[0] as PlanRun["tasks"][number];
    first.title = `Evil${ESC}]0;pwned\u0007\r\nsecond line \u202egnp.exe`;
    run.plan.title = `${ESC}[2J cleared`;
    const text = renderTaskList(run, { now, color: false, width: null }).join("\n");
    expect(text).not.toContain(ESC);
    expect(text).not.toContain("\u202e");
    expect(text).not.toContain("\r");
    expect(text.split("\n")).toHaveLength(6);
    expect(text).toContain("Evil\ufffd]0;pwned\ufffd\ufffd\ufffdsecond line \ufffdgnp.exe");
  });
});

describe("renderProgressChanges", () => {
  it("names the plan and every task on the first call", () => {
    expect(renderProgressChanges(null, planRunFixture("midway"), { now, color: false })).toEqual([
      "Plan #1 · todo-cli: finish, date, filter and explain to-dos · 5 tasks · http://127.0.0.1:4100/acme/todo-cli/issues/1",
      "[30s] T1 ✓ done · PR #7 merged · 1 attempt",
      "[30s] T2 ● running · attempt 1 of 3 · Claude Code working",
      "[30s] T3 ● verifying · attempt 1 of 3 · checks running on PR #9",
      "[30s] T4 ○ waiting · needs T2, T3",
      "[30s] T5 ○ waiting · needs T4",
    ]);
  });

  it("then prints only the tasks that changed, and nothing when nothing did", () => {
    const later = Date.parse("2026-12-01T10:01:34Z");
    expect(
      renderProgressChanges(planRunFixture("midway"), planRunFixture("finished"), {
        now: later,
        color: false,
      }),
    ).toEqual([
      "[1m 34s] T2 ✓ done · PR #8 merged · 1 attempt",
      "[1m 34s] T3 ✓ done · PR #9 merged · 1 attempt",
      "[1m 34s] T4 ✓ done · PR #10 merged · 2 attempts",
      "[1m 34s] T5 ✓ done · PR #11 merged · 1 attempt",
    ]);
    expect(
      renderProgressChanges(planRunFixture("midway"), planRunFixture("midway"), { now, color: false }),
    ).toEqual([]);
  });
});

describe("renderRunClosing", () => {
  it("ends a finished run with the totals and every place to look", () => {
    const lines = renderRunClosing(planRunFixture("finished"), {
      now,
      color: false,
      pagePath: "/tmp/keep/index.html",
    });
    expect(lines[0]).toBe("5/5 tasks done in 1m 34s · 6 attempts (1 retry) · $0.88 · 104.5k tokens");
    expect(lines).toContain("Where to look");
    const base = "http://127.0.0.1:4100/acme/todo-cli";
    expect(lines).toEqual(
      expect.arrayContaining([
        `  Plan                ${base}/issues/1`,
        `  Tracking comment    ${base}/issues/1#issuecomment-11`,
        `  T4 PR #10 (merged)  ${base}/pull/10`,
        `  T4 report           ${base}/blob/main/.foreman/reports/1/T4.md`,
        `  Summary report      ${base}/blob/main/.foreman/reports/1/summary.md`,
        "  This run as a page  /tmp/keep/index.html",
      ]),
    );
  });

  it("says who is needed for what when a run is stuck", () => {
    const lines = renderRunClosing(planRunFixture("stuck"), { now, color: false });
    expect(lines[0]).toBe("3/5 tasks done in 30s · 6 attempts (2 retries) · $0.90 · 104.8k tokens");
    expect(lines[1]).toBe(
      "✗ T4 needs a person: 3 of 3 attempts failed the required check `test` — http://127.0.0.1:4100/acme/todo-cli/issues/5",
    );
    expect(lines[2]).toBe("⊘ T5 blocked: T4 needs a person — http://127.0.0.1:4100/acme/todo-cli/issues/6");
    expect(lines.join("\n")).not.toContain("Summary report");
  });
});

describe("chooseTerminalStyle", () => {
  it("redraws and colours on a terminal, prints plain lines elsewhere", () => {
    expect(chooseTerminalStyle({ isTTY: true }, {})).toEqual({ redraw: true, color: true });
    expect(chooseTerminalStyle({ isTTY: false }, {})).toEqual({ redraw: false, color: false });
    expect(chooseTerminalStyle({}, { FORCE_COLOR: "1" })).toEqual({ redraw: false, color: true });
    expect(chooseTerminalStyle({}, { FORCE_COLOR: "0" })).toEqual({ redraw: false, color: false });
  });

  it("respects NO_COLOR (when not empty) and TERM=dumb", () => {
    expect(chooseTerminalStyle({ isTTY: true }, { NO_COLOR: "1" })).toEqual({ redraw: true, color: false });
    expect(chooseTerminalStyle({ isTTY: true }, { NO_COLOR: "" })).toEqual({ redraw: true, color: true });
    expect(chooseTerminalStyle({ isTTY: true }, { NO_COLOR: "1", FORCE_COLOR: "1" }).color).toBe(false);
    expect(chooseTerminalStyle({ isTTY: true }, { TERM: "dumb" })).toEqual({ redraw: false, color: false });
  });
});

describe("createTaskListDisplay", () => {
  function capture(isTTY: boolean) {
    const stream = Object.assign(new PassThrough(), { isTTY, columns: 200 });
    let written = "";
    stream.on("data", (chunk: Buffer) => {
      written += chunk.toString("utf8");
    });
    return { stream, written: () => written };
  }

  it("redraws the list in place on a terminal, then prints the closing block", () => {
    const { stream, written } = capture(true);
    const display = createTaskListDisplay(stream, { env: { NO_COLOR: "1" }, now: () => now });
    display.update(planRunFixture("midway"));
    display.update(planRunFixture("stuck"));
    display.finish(planRunFixture("finished"), { pagePath: "/tmp/keep/index.html" });
    const text = written();
    // Each redraw moves up over the six lines it drew before and clears below.
    expect(text.split(`${ESC}[6A\r${ESC}[0J`)).toHaveLength(3);
    expect(text.startsWith(`${ESC}[0JPlan #1`)).toBe(true);
    expect(text).toContain("\n5/5 tasks done in 1m 34s");
    expect(text).toContain("This run as a page  /tmp/keep/index.html");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes would start with ESC [ n m
    expect(text).not.toMatch(/\u001b\[\d+m/);
  });

  it("prints one plain line per change when the stream is not a terminal", () => {
    const { stream, written } = capture(false);
    const display = createTaskListDisplay(stream, { env: {}, now: () => now });
    display.update(planRunFixture("midway"));
    display.update(planRunFixture("midway"));
    display.finish(planRunFixture("finished"));
    const lines = written().split("\n");
    expect(written()).not.toContain(ESC);
    expect(lines.filter((line) => line.includes("] T2 "))).toEqual([
      "[30s] T2 ● running · attempt 1 of 3 · Claude Code working",
      "[1m 34s] T2 ✓ done · PR #8 merged · 1 attempt",
    ]);
    expect(lines.filter((line) => line.includes("] T1 "))).toHaveLength(1);
    expect(lines).toContain("5/5 tasks done in 1m 34s · 6 attempts (1 retry) · $0.88 · 104.5k tokens");
  });
});

describe("formatFigure and describeTaskProgress", () => {
  it("prints money, time and tokens one way everywhere", () => {
    expect([0, 0.004, 0.019, 12.345, null].map((usd) => formatFigure("usd", usd))).toEqual([
      "$0.00",
      "<$0.01",
      "$0.02",
      "$12.35",
      "—",
    ]);
    expect([0, 42_400, 94_000, 3_720_000].map((ms) => formatFigure("duration", ms))).toEqual([
      "0s",
      "42s",
      "1m 34s",
      "1h 02m",
    ]);
    expect([950, 48_213, 1_000, 999_990, 1_340_000].map((n) => formatFigure("tokens", n))).toEqual([
      "950",
      "48.2k",
      "1k",
      "1M",
      "1.3M",
    ]);
  });

  it("reads every task state", () => {
    const run = planRunFixture("midway");
    const task = run.tasks[4] as PlanRun["tasks"][number];
    const marks = Object.fromEntries(
      TASK_STATES.map((state) => [state, describeTaskProgress({ ...task, state }, run).mark]),
    );
    expect(marks).toEqual({
      pending: "○",
      ready: "○",
      running: "●",
      verifying: "●",
      done: "✓",
      failed: "↻",
      "needs-human": "✗",
      blocked: "⊘",
      skipped: "↷",
      cancelled: "⊘",
    });
  });
});
