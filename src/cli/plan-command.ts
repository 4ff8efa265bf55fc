import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { criticalPath } from "../core/graph/critical-path.ts";
import { decodePlanBytes } from "../core/graph/decode-plan-bytes.ts";
import { executionWaves } from "../core/graph/execution-waves.ts";
import { isValidGraph, parsePlan } from "../core/graph/parse-plan.ts";
import { renderMermaid } from "../core/graph/render-mermaid.ts";
import { renderPlanOverview } from "../core/graph/render-plan-overview.ts";
import { renderStatusTable } from "../core/graph/render-status-table.ts";
import { type Diagnostic, type TaskGraph, taskGraphJsonSchema } from "../core/graph/task-graph.ts";
import { transitiveReduction } from "../core/graph/transitive-reduction.ts";
import { type CliCommand, type CliIo, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";

const PLAN_USAGE = `Usage: foreman plan FILE|- [--json] [--mermaid]
       foreman plan --schema

Reads a task document (markdown) and prints the task graph Foreman would run.
  --json      the whole graph as JSON: tasks, edges with their source, diagnostics, waves, critical path
  --mermaid   only the dependency graph as a mermaid flowchart
  --schema    the JSON Schema of the task graph (docs/task-graph.schema.json)
Exit status: 0 valid (warnings allowed), 1 invalid document, 2 usage error.
Format reference: docs/task-format.md`;

const VALIDATE_USAGE = `Usage: foreman validate FILE|-

Checks a task document quietly: problems go to stderr as FILE:LINE:COL: severity: message.
Exit status: 0 valid (warnings allowed), 1 invalid document, 2 usage error.`;

type Loaded = { kind: "ok"; name: string; graph: TaskGraph } | { kind: "usage"; message: string };

async function loadGraph(file: string, io: CliIo): Promise<Loaded> {
  let bytes: Uint8Array;
  try {
    bytes =
      file === "-" ? new TextEncoder().encode(await io.readStdin()) : await readFile(resolve(io.cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message;
    return { kind: "usage", message: `foreman: cannot read '${file}': ${reason}.` };
  }
  const decoded = decodePlanBytes(bytes);
  const graph = parsePlan(decoded.text);
  graph.diagnostics = [...decoded.diagnostics, ...graph.diagnostics];
  return { kind: "ok", name: file === "-" ? "<stdin>" : file, graph };
}

function formatDiagnostic(name: string, diagnostic: Diagnostic): string {
  return `${name}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity}: ${diagnostic.message}\n  hint: ${diagnostic.hint}\n`;
}

function readOptions(args: string[], options: Record<string, { type: "boolean" }>) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    if (parsed.values.schema)
      return { file: "", values: parsed.values as Record<string, boolean | undefined> };
    if (parsed.positionals.length !== 1) {
      return {
        error: parsed.positionals.length === 0 ? "missing FILE (use - for stdin)" : "give exactly one FILE",
      };
    }
    return {
      file: parsed.positionals[0] ?? "-",
      values: parsed.values as Record<string, boolean | undefined>,
    };
  } catch (error) {
    return { error: (error as Error).message.split("\n")[0] ?? "invalid arguments" };
  }
}

export const planCommand: CliCommand = {
  summary: "show the task graph of a task document (waves, critical path, problems)",
  usage: PLAN_USAGE,
  async run(args, io) {
    const options = readOptions(args, {
      json: { type: "boolean" },
      mermaid: { type: "boolean" },
      schema: { type: "boolean" },
    });
    if ("error" in options) {
      io.stderr(`foreman plan: ${options.error}.\n\n${PLAN_USAGE}\n`);
      return EXIT_USAGE;
    }
    if (options.values.schema) {
      io.stdout(`${JSON.stringify(taskGraphJsonSchema(), null, 2)}\n`);
      return EXIT_OK;
    }
    const loaded = await loadGraph(options.file, io);
    if (loaded.kind === "usage") {
      io.stderr(`${loaded.message}\n`);
      return EXIT_USAGE;
    }
    const { graph, name } = loaded;
    const valid = isValidGraph(graph);
    for (const diagnostic of graph.diagnostics) io.stderr(formatDiagnostic(name, diagnostic));
    if (options.values.json) {
      const blockedBy = transitiveReduction(graph.tasks);
      const output = {
        ...graph,
        valid,
        waves: executionWaves(graph.tasks),
        criticalPath: criticalPath(graph.tasks),
        blockedBy,
      };
      io.stdout(`${JSON.stringify(output, null, 2)}\n`);
    } else if (options.values.mermaid) {
      io.stdout(`${renderMermaid(graph.tasks)}\n`);
    } else if (graph.tasks.length > 0) {
      io.stdout(`${renderPlanOverview(graph)}\n\n${renderStatusTable(graph.tasks)}\n`);
    }
    return valid ? EXIT_OK : EXIT_INVALID_INPUT;
  },
};

export const validateCommand: CliCommand = {
  summary: "check a task document; print only problems",
  usage: VALIDATE_USAGE,
  async run(args, io) {
    const options = readOptions(args, {});
    if ("error" in options) {
      io.stderr(`foreman validate: ${options.error}.\n\n${VALIDATE_USAGE}\n`);
      return EXIT_USAGE;
    }
    const loaded = await loadGraph(options.file, io);
    if (loaded.kind === "usage") {
      io.stderr(`${loaded.message}\n`);
      return EXIT_USAGE;
    }
    for (const diagnostic of loaded.graph.diagnostics) io.stderr(formatDiagnostic(loaded.name, diagnostic));
    return isValidGraph(loaded.graph) ? EXIT_OK : EXIT_INVALID_INPUT;
  },
};
