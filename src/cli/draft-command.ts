import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { CONFIG_PATH } from "../core/config/config-schema.ts";
import { parseConfig } from "../core/config/parse-config.ts";
import { renderPlanOverview } from "../core/graph/render-plan-overview.ts";
import { formatDiagnostic } from "../core/plan/format-diagnostic.ts";
import { buildDraftExchange } from "../core/planner/build-draft-exchange.ts";
import { buildQuestionsExchange } from "../core/planner/build-questions-exchange.ts";
import { buildRepositoryContext } from "../core/planner/build-repository-context.ts";
import { describePlannerFailure } from "../core/planner/describe-planner-failure.ts";
import { describeSpent } from "../core/planner/describe-spent.ts";
import type { DraftQuestion } from "../core/planner/draft-graph-schema.ts";
import type { Spent } from "../core/planner/model-exchange.ts";
import { parseAnswers } from "../core/planner/parse-answers.ts";
import type { PlannerConfig } from "../core/planner/planner-config-schema.ts";
import { resolveAnswers } from "../core/planner/resolve-answers.ts";
import { ZERO_SPENT } from "../core/planner/zero-spent.ts";
import { createModelCaller, type ModelCaller } from "../planner/create-model-caller.ts";
import { readLocalRepository } from "../planner/read-local-repository.ts";
import { readModelConnection } from "../planner/read-model-connection.ts";
import { runExchange } from "../planner/run-exchange.ts";
import { type CliCommand, type CliIo, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";

/** Answers typed or piped in: far more than any set of answers, far less than memory. */
const MAX_ANSWERS_BYTES = 256 * 1024;

const DRAFT_USAGE = `Usage: foreman draft "GOAL" [--repo DIR] [--answers FILE] [--out plan.md] [--no-questions]

Drafts a plan for GOAL the way \`/foreman draft\` does in an issue: the model reads the goal and the
repository (file tree, README, CLAUDE.md/AGENTS.md, manifests), asks clarifying questions, drafts the
plan in Foreman's task format, and Foreman's compiler checks it (problems go back to the model).
  --repo DIR        the repository to read (default: the current directory); its ${CONFIG_PATH}
                    sets planner.model, planner.budget, planner.repairRounds
  --answers FILE    numbered answers to the questions (\`1. OAuth\`); without it they are read from
                    the terminal (end with Ctrl-D); questions left out take their defaults
  --out FILE        write the plan there instead of printing it
  --no-questions    draft at once, without clarifying questions
Needs ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for a gateway or a local server).
Exit status: 0 drafted, 1 the model or the draft failed (problems printed), 2 usage or setup error.`;

const NO_KEY = `foreman draft: no model key. Set ANTHROPIC_API_KEY to an Anthropic API key (and ANTHROPIC_BASE_URL to reach the API through a gateway or a local server). The model is planner.model in ${CONFIG_PATH} (default claude-sonnet-4-6).\n`;

export const draftCommand: CliCommand = {
  summary: "draft a plan for a goal with the model: questions, answers, a compiler-checked plan",
  usage: DRAFT_USAGE,
  async run(args, io) {
    let options: ReturnType<typeof readArgs>;
    try {
      options = readArgs(args);
    } catch (error) {
      io.stderr(
        `foreman draft: ${error instanceof Error ? error.message : String(error)}\n\n${DRAFT_USAGE}\n`,
      );
      return EXIT_USAGE;
    }
    const connection = readModelConnection(process.env);
    if (connection.apiKey === null) {
      io.stderr(NO_KEY);
      return EXIT_USAGE;
    }
    const root = resolve(io.cwd, options.repo);
    const config = await readPlannerConfig(root);
    if (typeof config === "string") {
      io.stderr(config);
      return EXIT_USAGE;
    }
    const answersText = options.answers === null ? null : await readText(resolve(io.cwd, options.answers));
    if (answersText instanceof Error) {
      io.stderr(`foreman draft: cannot read --answers '${options.answers}': ${answersText.message}\n`);
      return EXIT_USAGE;
    }
    const call = createModelCaller({ apiKey: connection.apiKey, baseURL: connection.baseURL });
    const goal = {
      issue: null,
      title: options.goal.split("\n")[0] ?? options.goal,
      author: null,
      text: options.goal,
    };
    const repositoryContext = buildRepositoryContext(await readLocalRepository(root), config.contextTokens);

    let questions: DraftQuestion[] = [];
    let spent: Spent = ZERO_SPENT;
    if (!options.noQuestions) {
      const asked = await runExchange(
        buildQuestionsExchange(config, { goal, repositoryContext }, ZERO_SPENT),
        call,
      );
      if (asked.kind !== "accepted") {
        io.stderr(`${plain(describePlannerFailure("questions", asked))}\n`);
        return EXIT_INVALID_INPUT;
      }
      questions = asked.value;
      spent = asked.spent;
      io.stderr(renderQuestions(questions, answersText === null));
    }
    const text = questions.length === 0 ? "" : (answersText ?? (await io.readStdin(MAX_ANSWERS_BYTES)));
    const answers = resolveAnswers(questions, [
      { by: "you", answers: parseAnswers(text, questions).answers },
    ]);
    return draft(io, options, { config, call, goal, repositoryContext, answers, spent });
  },
};

async function draft(
  io: CliIo,
  options: ReturnType<typeof readArgs>,
  input: {
    config: PlannerConfig;
    call: ModelCaller;
    goal: { issue: null; title: string; author: null; text: string };
    repositoryContext: string;
    answers: ReturnType<typeof resolveAnswers>;
    spent: Spent;
  },
): Promise<number> {
  const { config } = input;
  const exchange = buildDraftExchange(
    config,
    { goal: input.goal, repositoryContext: input.repositoryContext, answers: input.answers },
    input.spent,
  );
  const outcome = await runExchange(exchange, input.call);
  if (outcome.kind === "api-error" || (outcome.kind === "rejected" && outcome.candidate === null)) {
    io.stderr(`${plain(describePlannerFailure("draft", outcome))}\n`);
    return EXIT_INVALID_INPUT;
  }
  const cost = describeSpent(outcome.spent, config.model).replace(/`/g, "");
  const repaired =
    outcome.rounds > 1 ? ` (repaired from the compiler's problems in ${outcome.rounds} rounds)` : "";
  if (outcome.kind === "rejected") {
    const candidate = outcome.candidate;
    const problems = candidate?.graph.diagnostics.map(formatDiagnostic).join("\n") ?? outcome.problems;
    io.stderr(
      `foreman draft: the draft still has problems after ${outcome.rounds} model answers; nothing was written.\n${problems}\n\nThe draft as it stands:\n\n${candidate?.markdown ?? ""}\n${cost}\n`,
    );
    return EXIT_INVALID_INPUT;
  }
  const { markdown, graph } = outcome.value;
  const summary = `${renderPlanOverview(graph)}\n\nDrafted${repaired}: ${cost}\n`;
  if (options.out === null) {
    io.stdout(markdown);
    io.stderr(`\n${summary}`);
  } else {
    await writeFile(resolve(io.cwd, options.out), markdown);
    io.stdout(
      `Wrote ${options.out}.\n${summary}Check it with \`foreman plan ${options.out}\`, then paste it into an issue labelled \`foreman\`.\n`,
    );
  }
  return EXIT_OK;
}

function renderQuestions(questions: readonly DraftQuestion[], fromTerminal: boolean): string {
  const list = questions.map(
    (question, index) => `${index + 1}. ${question.question}\n   Default: ${question.default}`,
  );
  const how = fromTerminal
    ? "\nAnswer by number, one per line (`2. Redis`); questions you skip take their default. End with Ctrl-D.\n"
    : "";
  return `Questions before drafting:\n\n${list.join("\n")}\n${how}`;
}

/** Markdown from a reply, for a terminal: without the collapsible blocks' HTML. */
function plain(text: string): string {
  return text.replace(/<\/?details>|<\/?summary>/g, "").replace(/\n{3,}/g, "\n\n");
}

async function readText(path: string): Promise<string | Error> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** `planner:` from the repository's config file; a message when the file has problems. */
async function readPlannerConfig(root: string): Promise<PlannerConfig | string> {
  const text = await readText(resolve(root, CONFIG_PATH));
  let raw: unknown = null;
  if (typeof text === "string") {
    try {
      raw = parseYaml(text);
    } catch (error) {
      return `foreman draft: ${CONFIG_PATH} is not valid YAML: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }
  const result = parseConfig(raw);
  if (result.ok) return result.config.planner;
  const problems = result.problems.map((problem) => `  ${problem.key || CONFIG_PATH}: ${problem.message}`);
  return `foreman draft: ${CONFIG_PATH} has problems:\n${problems.join("\n")}\n`;
}

function readArgs(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      repo: { type: "string" },
      answers: { type: "string" },
      out: { type: "string" },
      "no-questions": { type: "boolean" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1)
    throw new Error(positionals.length === 0 ? 'missing "GOAL"' : "give the GOAL as one quoted argument");
  const goal = (positionals[0] ?? "").trim();
  if (goal === "") throw new Error("the GOAL is empty");
  return {
    goal,
    repo: values.repo ?? ".",
    answers: values.answers ?? null,
    out: values.out ?? null,
    noQuestions: values["no-questions"] === true,
  };
}
