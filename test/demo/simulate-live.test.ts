import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runCaptured } from "../cli/run-cli.ts";
import { ARTIFACTS, launchOfflineBrowser } from "./offline-browser.ts";

const PLAN = `# Greetings

### T1: Add a greeting
Add \`greet(name)\` to \`src/greet.js\`.

**Files**: src/greet.js

### T2: Add a farewell
**Depends on**: T1

Add \`farewell(name)\` to \`src/farewell.js\`.

**Files**: src/farewell.js
`;

const ESCAPE = "\u001b";

/**
 * `foreman simulate` watching its own run through the local GitHub's API, as a CI log shows it (not
 * a terminal, NO_COLOR): one line per change, the closing block, and with --keep the page and the
 * repository left behind.
 */
describe("foreman simulate --agent: the live task list and --keep", () => {
  let dir: string;
  let keep: string;
  let run: Awaited<ReturnType<typeof runCaptured>>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "foreman-live-"));
    keep = join(dir, "kept");
    await writeFile(join(dir, "plan.md"), PLAN);
    vi.stubEnv("NO_COLOR", "1");
    run = await runCaptured(
      ["simulate", join(dir, "plan.md"), "--agent", "synthetic:fail=0,seed=1", "--keep", keep],
      { cwd: dir },
    );
    vi.unstubAllEnvs();
  }, 400_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  afterEach(() => vi.unstubAllEnvs());

  it("prints one plain line per change, without colour or cursor movement", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain(ESCAPE);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(
      /^Plan #1 · Greetings · 2 tasks · http:\/\/127\.0\.0\.1:\d+\/acme\/demo\/issues\/1$/,
    );
    const changes = lines.filter((line) => /^\[\d+(m \d+)?s\] /.test(line));
    const stamps = changes.map((line) => line.slice(1, line.indexOf("]")));
    const seconds = stamps.map((stamp) => {
      const match = /^(?:(\d+)m )?(\d+)s$/.exec(stamp);
      return Number(match?.[1] ?? 0) * 60 + Number(match?.[2]);
    });
    expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
    expect(changes.some((line) => /\] T2 ○ waiting · needs T1$/.test(line))).toBe(true);
    expect(changes.some((line) => /\] T1 ● running · attempt 1 of 3 · Claude Code working$/.test(line))).toBe(
      true,
    );
    expect(changes.filter((line) => / T1 ✓ done · PR #\d+ merged · 1 attempt$/.test(line))).toHaveLength(1);
    expect(changes.at(-1)).toMatch(/ T2 ✓ done · PR #\d+ merged · 1 attempt$/);
    // T2 never runs before T1 is done.
    const t1Done = changes.findIndex((line) => line.includes("T1 ✓ done"));
    const t2Running = changes.findIndex((line) => line.includes("T2 ● running"));
    expect(t2Running).toBeGreaterThan(t1Done);
  });

  it("ends with the totals and where to look: the tracking comment, each PR and report, the page", () => {
    const closing = run.stdout.slice(run.stdout.indexOf("\n\n2/2 tasks done") + 2).split("\n");
    expect(closing[0]).toMatch(
      /^2\/2 tasks done in \d+(m \d+)?s · 2 attempts · (<)?\$\d+\.\d\d · [\d.]+k? tokens$/,
    );
    expect(closing).toContain("Where to look");
    const link = (label: string) => closing.find((line) => line.trimStart().startsWith(label));
    expect(link("Tracking comment")).toMatch(/\/acme\/demo\/issues\/1#issuecomment-\d+$/);
    for (const task of ["T1", "T2"]) {
      expect(link(`${task} PR #`)).toMatch(/\(merged\)\s+http:\/\/127\.0\.0\.1:\d+\/acme\/demo\/pull\/\d+$/);
      expect(link(`${task} report`)).toMatch(
        new RegExp(`/acme/demo/blob/main/\\.foreman/reports/1/${task}\\.md$`),
      );
    }
    expect(link("This run as a page")).toBe(`  This run as a page  ${join(keep, "index.html")}`);
  });

  it("--keep writes the page of the final state and keeps the repository, which git can clone", async () => {
    const page = await readFile(join(keep, "index.html"), "utf8");
    for (const task of ["T1", "T2"]) expect(page).toContain(`data-task="${task}" data-state="done"`);
    expect(page).toContain("2/2 tasks done");
    const clone = join(dir, "clone");
    const repository = join(keep, "local-github", "repositories", "acme", "demo.git");
    expect(run.stdout).toContain(`The repository is kept: git clone ${repository}\n`);
    await promisify(execFile)("git", ["clone", "--quiet", repository, clone]);
    expect(await readFile(join(clone, ".foreman/reports/1/T2.md"), "utf8")).toContain("T2");
  });

  it("--keep's page shows the real run in headless Chromium, offline: every task with its state, the graph", async () => {
    const browser = await launchOfflineBrowser();
    try {
      const page = await browser.open(join(keep, "index.html"));
      expect(browser.requests.filter((url) => !url.endsWith("/kept/index.html"))).toEqual([]);
      expect(browser.consoleErrors).toEqual([]);
      const rows = page.locator("tr.task");
      expect(await rows.evaluateAll((items) => items.map((item) => item.getAttribute("data-state")))).toEqual(
        ["done", "done"],
      );
      expect(await page.locator('tr.task[data-task="T1"] .badge').innerText()).toBe("✓ done");
      expect(await page.locator("svg g.node").count()).toBe(2);
      expect(await page.locator("svg path.edge").count()).toBe(1);
      expect(await page.locator("header .totals").innerText()).toMatch(/^2\/2 tasks done in /);
      await page.screenshot({ path: join(ARTIFACTS, "simulate-keep-page.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it("refuses a --keep directory that holds something, before starting anything", async () => {
    const full = join(dir, "full");
    await mkdir(full);
    await writeFile(join(full, "notes.txt"), "mine\n");
    const refused = await runCaptured([
      "simulate",
      join(dir, "plan.md"),
      "--agent",
      "synthetic",
      "--keep",
      full,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `foreman simulate: --keep ${full}: ${full} is not empty; give a new or empty directory (or remove it first)\n`,
    );
    expect(await readFile(join(full, "notes.txt"), "utf8")).toBe("mine\n");
  });
});
