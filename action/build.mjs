// Builds the Action's committed bundle: `npm run build:action`. CI rebuilds it and fails on any
// difference (test/action/bundle-fresh.test.ts), so action/dist always matches src/.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const outfile = process.argv[2] ?? "action/dist/index.js";

await build({
  absWorkingDir: root,
  entryPoints: ["src/action/run.ts"],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node24",
  // Claude Code is installed in the job (src/action/load-agent-sdk.ts), never bundled.
  external: ["@anthropic-ai/claude-agent-sdk"],
  // Some bundled CommonJS dependencies call require(); an ESM bundle has none of its own.
  banner: {
    js: 'import { createRequire as __foremanCreateRequire } from "node:module";\nconst require = __foremanCreateRequire(import.meta.url);',
  },
  legalComments: "eof",
  minify: true,
  logLevel: "warning",
});
