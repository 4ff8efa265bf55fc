import { parseArgs } from "node:util";
import { criticalPath } from "../core/graph/critical-path.ts";
import { decodePlanBytes } from "../core/graph/decode-plan-bytes.ts";
import { executionWaves } from "../core/graph/execution-waves.ts";
import { formatLinkTarget } from "../core/graph/format-link-target.ts";
import { layoutSubIssues } from "../core/graph/layout-sub-issues.ts";
import { isValidGraph, parsePlan } from "../core/graph/parse-plan.ts";
import { renderMermaid } from "../core/graph/render-mermaid.ts";
import { renderPlanOverview } from "../core/graph/render-plan-overview.ts";
import { renderStatusTable } from "../core/graph/render-status-table.ts";
import { type Diagnostic, type TaskGraph, taskGraphJsonSchema } from "../core/graph/task-graph.ts";
import { type CliCommand, type CliIo, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { readInput } from "./read-input.ts";
import { suggestOption } from "./suggest-option.ts";

const PLAN_USAGE = `Usage: foreman plan FILE|- [--json] [--mermaid]
       foreman plan --schema

Reads a task document (markdown, or a Task Master tasks.json; at most 1 MiB) and prints the task graph
Foreman would run.
  --json      the whole graph as JSON: tasks, edges with their source, diagnostics, waves, critical path
  --mermaid   only the dependency graph as a mermaid flowchart
  --schema    the JSON Schema of the task graph (docs/task-graph.schema.json)
Exit status: 0 valid (warnings allowed), 1 invalid document, 2 usage error.
Format reference: docs/task-format.md`;

const VALIDATE_USAGE = `Usage: foreman validate FILE|-

Checks a task document quietly: problems go to stderr as FILE:LINE:COL: severity: message.
Exit status: 0 valid (warnings allowed), 1 invalid document, 2 usage error.`;

type Loaded = { kind: "ok"; name: string; graph: TaskGraph } | { kind: "usage"; message: string };

/** GitHub's limit on an issue body, in characters. */
const MAX_BODY_CHARACTERS = 65_536;

async function loadGraph(file: string, io: CliIo): Promise<Loaded> {
  const input = await readInput(file, io);
  if (input.kind === "error") return { kind: "usage", message: `foreman: ${input.message}.` };
  const decoded = decodePlanBytes(input.bytes);
  const graph = parsePlan(decoded.text);
  const length = [...decoded.text].length;
  const tooLong: Diagnostic[] =
    length > MAX_BODY_CHARACTERS
      ? [
          {
            severity: "warning",
            code: "longer-than-an-issue",
            line: 1,
            column: 1,
            message: `the document has ${length} characters; GitHub takes at most ${MAX_BODY_CHARACTERS} in an issue body`,
            hint: "Split it into plans that each fit in one issue.",
          },
        ]
      : [];
  graph.diagnostics = [...decoded.diagnostics, ...tooLong, ...graph.diagnostics];
  return { kind: "ok", name: file === "-" ? "<stdin>" : file, graph };
}

function formatDiagnostic(name: string, diagnostic: Diagnostic): string {
  return `${name}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.severity}: ${diagnostic.message}\n  hint: ${diagnostic.hint}\n`;
}

function readOptions(args: string[], options: Record<string, { type: "boolean" }>) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    const values = parsed.values as Record<string, boolean | undefined>;
    if (values.json && values.mermaid) return { error: "give --json or --mermaid, not both" };
    if (values.schema) return { file: "", values };
    if (parsed.positionals.length !== 1) {
      return {
        error: parsed.positionals.length === 0 ? "missing FILE (use - for stdin)" : "give exactly one FILE",
      };
    }
    return { file: parsed.positionals[0] ?? "-", values };
  } catch (error) {
    return { error: suggestOption((error as Error).message, Object.keys(options)) };
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
      // The links Foreman makes with the default `phaseIssues: auto`: a whole phase as `phase:<id>` where needed.
      const blockedBy = layoutSubIssues(graph.tasks, "auto").blockers.map(([task, blocker]) => [
        task,
        formatLinkTarget(blocker),
      ]);
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
