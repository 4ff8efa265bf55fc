import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanRun } from "../../src/demo/plan-run.ts";
import { writePlanRunPage } from "../../src/demo/write-plan-run-page.ts";
import { HOSTILE_TITLE, hostilePlanRun } from "./hostile-plan-run.ts";
import { ARTIFACTS, launchOfflineBrowser, type OfflineBrowser } from "./offline-browser.ts";
import { planRunFixture } from "./plan-run-fixture.ts";

const now = Date.parse("2026-12-01T10:02:00Z");

/**
 * The `--keep` page in a real browser (Debian's Chromium, headless), offline, with every request but
 * the page itself refused and recorded: what a person opening `DIR/index.html` would see.
 */
describe("the --keep page in headless Chromium", () => {
  let browser: OfflineBrowser;
  let pages: string;

  async function open(run: PlanRun, name: string): Promise<Page> {
    return browser.open(await writePlanRunPage(join(pages, name), run, now));
  }

  beforeAll(async () => {
    browser = await launchOfflineBrowser();
    pages = await mkdtemp(join(tmpdir(), "foreman-page-"));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (pages) await rm(pages, { recursive: true, force: true });
  });

  it("loads offline, asks for nothing but itself, and shows every task with its state", async () => {
    const run = planRunFixture("finished");
    const page = await open(run, "finished");
    // The route sees file: requests too, so an empty remainder means nothing else was asked for.
    expect(browser.requests.filter((url) => url.endsWith("/finished/index.html"))).toHaveLength(1);
    expect(browser.requests.filter((url) => !url.endsWith("/finished/index.html"))).toEqual([]);
    expect(browser.consoleErrors).toEqual([]);
    const rows = page.locator("tr.task");
    expect(await rows.count()).toBe(run.tasks.length);
    for (const task of run.tasks) {
      const row = page.locator(`tr.task[data-task="${task.id}"]`);
      expect(await row.getAttribute("data-state")).toBe(task.state);
      expect(await row.locator(".badge").innerText()).toBe("✓ done");
      await expect.poll(() => row.isVisible()).toBe(true);
    }
    expect(await page.locator("header .totals").innerText()).toContain("5/5 tasks done in 1m 34s");
    const retried = page.locator('tr.task[data-task="T4"] li.attempt');
    expect(
      await retried.evaluateAll((items) => items.map((item) => item.getAttribute("data-conclusion"))),
    ).toEqual(["failure", "success"]);
    await page
      .locator('tr.task[data-task="T4"] details')
      .first()
      .evaluate((element) => {
        element.setAttribute("open", "");
      });
    await page.screenshot({ path: join(ARTIFACTS, "demo-page.png"), fullPage: true });
  });

  it("draws the dependency graph: one rendered box per task and one arrow per dependency", async () => {
    const run = planRunFixture("finished");
    const page = await open(run, "graph");
    const nodes = page.locator("svg g.node");
    expect(await nodes.count()).toBe(run.tasks.length);
    const boxes = await nodes.evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        return { id: element.getAttribute("data-task"), width: box.width, height: box.height };
      }),
    );
    expect(boxes.map((box) => box.id)).toEqual(run.tasks.map((task) => task.id));
    for (const box of boxes) {
      expect(box.width).toBeGreaterThan(100);
      expect(box.height).toBeGreaterThan(30);
    }
    const edgeCount = run.tasks.reduce((sum, task) => sum + task.dependsOn.length, 0);
    expect(await page.locator("svg path.edge").count()).toBe(edgeCount);
  });

  it("keeps hostile text as text: no element, no script, no javascript: link", async () => {
    const page = await open(hostilePlanRun(), "hostile");
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(0);
    expect(await page.locator("body").getAttribute("data-pwned")).toBeNull();
    expect(await page.title()).not.toBe("pwned");
    expect(await page.locator('tr.task[data-task="T2"] .task-title').innerText()).toBe(HOSTILE_TITLE);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('tr.task[data-task="T4"]').innerText()).toContain("attempt report");
    expect(await page.locator("svg g.node").count()).toBe(5);
  });

  it("shows a stuck run with who is needed, for the screenshot", async () => {
    const page = await open(planRunFixture("stuck"), "stuck");
    expect(await page.locator("header .stuck").innerText()).toContain("T4 needs a person");
    expect(await page.locator('svg g.node[data-state="needs-human"]').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, "demo-page-stuck.png"), fullPage: true });
  });
});
