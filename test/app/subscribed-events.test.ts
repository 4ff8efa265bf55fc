import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HANDLED_EVENTS } from "../../src/app/create-foreman-app.ts";

describe("app.yml and the app", () => {
  it("handles every event the manifest subscribes to, and subscribes to every event it handles", async () => {
    const manifest = parse(await readFile(new URL("../../app.yml", import.meta.url), "utf8")) as {
      default_events: string[];
    };
    expect([...HANDLED_EVENTS].sort()).toEqual([...manifest.default_events].sort());
  });
});
