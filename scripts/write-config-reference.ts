import { readFile, writeFile } from "node:fs/promises";
import {
  CONFIG_REFERENCE_END,
  CONFIG_REFERENCE_START,
  renderConfigReference,
} from "../src/cli/render-config-reference.ts";

/**
 * `npm run docs:config`: writes the configuration reference, generated from the config schema, into
 * README.md between its markers. `--check` only says whether README.md is up to date (exit 1 if not).
 */
const README = new URL("../README.md", import.meta.url);

const text = await readFile(README, "utf8");
const start = text.indexOf(CONFIG_REFERENCE_START);
const end = text.indexOf(CONFIG_REFERENCE_END);
if (start === -1 || end < start) {
  process.stderr.write(
    `README.md has no configuration reference section: put the lines\n${CONFIG_REFERENCE_START}\n${CONFIG_REFERENCE_END}\nwhere it belongs, then run npm run docs:config again.\n`,
  );
  process.exit(1);
}
const updated = `${text.slice(0, start + CONFIG_REFERENCE_START.length)}\n${renderConfigReference()}\n${text.slice(end)}`;
if (process.argv.includes("--check")) {
  if (updated !== text) {
    process.stderr.write("README.md's configuration reference is out of date: run npm run docs:config.\n");
    process.exit(1);
  }
} else if (updated !== text) {
  await writeFile(README, updated);
  process.stdout.write("README.md: configuration reference updated.\n");
}
