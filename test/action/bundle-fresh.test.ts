import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { buildActionBundle, ROOT } from "./action-world.ts";

it("the committed action/dist/index.js is what `npm run build:action` builds from the sources", async () => {
  const bundle = await buildActionBundle();
  try {
    const [fresh, committed] = await Promise.all([
      readFile(bundle.file, "utf8"),
      readFile(join(ROOT, "action/dist/index.js"), "utf8"),
    ]);
    expect(
      committed === fresh,
      "action/dist is stale: run `npm run build:action` and commit the result",
    ).toBe(true);
  } finally {
    await bundle.cleanup();
  }
}, 60_000);
