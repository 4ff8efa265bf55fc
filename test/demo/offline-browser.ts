import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";
/** Where screenshots are kept for people to look at (gitignored). */
export const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts");

export type OfflineBrowser = {
  /** opens a local `index.html`; every other request is refused and recorded */
  open(path: string): Promise<Page>;
  /** every URL the pages asked for, the pages themselves included */
  requests: string[];
  consoleErrors: string[];
  close(): Promise<void>;
};

/**
 * Debian's Chromium, headless and offline, refusing every request but the page itself: what a person
 * opening a `--keep` page would see, and proof that it needs nothing from anywhere.
 */
export async function launchOfflineBrowser(): Promise<OfflineBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: run \`apt-get install -y chromium\` (bash .ci/run does it)`,
    );
  const profile = await mkdtemp(join(tmpdir(), "foreman-chromium-"));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    offline: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url.startsWith("file:") && url.endsWith("/index.html")) await route.continue();
    else await route.abort("blockedbyclient");
  });
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    requests,
    consoleErrors,
    async open(path) {
      const page = await context.newPage();
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(message.text());
      });
      page.on("pageerror", (error) => consoleErrors.push(error.message));
      await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
      return page;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
