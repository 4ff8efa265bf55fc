import {
  type MessagesRequestBody,
  type ScriptedTurn,
  startEmulator,
  startMessagesApi,
} from "@foreman/local-github";
import { z } from "zod";
import { readMarkers } from "../../core/plan/read-markers.ts";
import type { DraftGraph } from "../../core/planner/draft-graph-schema.ts";
import { DRAFT_TOOL, QUESTIONS_TOOL } from "../../core/planner/planner-tools.ts";
import { createPatientOctokit } from "./create-patient-octokit.ts";
import { readSimulationSummary, type SimulationSummary } from "./read-simulation-summary.ts";
import { SIMULATION_REPOSITORY, SIMULATION_WRITER } from "./run-simulation.ts";
import { startForemanApp } from "./start-foreman-app.ts";

export type DraftScenarioSummary = SimulationSummary & {
  draft: {
    /** the goal-only issue that became the plan */
    issue: number;
    questions: number;
    /** model answers the draft took: the first was rejected by the compiler, the second accepted */
    rounds: number;
    /** the compiler's problem codes that went back to the model */
    repaired: string[];
    modelCalls: number;
    accepted: boolean;
  };
};

const GOAL = `Add a command-line interface to the calculator: \`calc add 2 3\` prints 5, and bad input
prints a clear error and exits with status 1.`;

const QUESTIONS = [
  { question: "What should the command be called?", default: "calc, installed through package.json's bin" },
  { question: "Which operations does the CLI offer?", default: "add, subtract, multiply and divide" },
  {
    question: "How should division by zero be reported?",
    default: "an error message on stderr and exit status 1",
  },
];

const ANSWERS = "/foreman answer\n1. calc\n3. print `cannot divide by zero` and exit 1";

function task(
  id: string,
  title: string,
  deps: string[],
  files: string[],
  type: DraftGraph["tasks"][number]["type"],
): DraftGraph["tasks"][number] {
  return {
    id,
    title,
    description: `${title} for the calculator CLI.`,
    files,
    acceptance: [`${title}: covered by node --test`],
    verify: ["npm test"],
    deps: deps.map((dep) => ({ id: dep })),
    type,
  };
}

/** The model's first plan: a cycle (T1 → T3 → T2 → T1) and a dependency on a task that does not exist. */
const FIRST_DRAFT: DraftGraph = {
  title: "Calculator command line",
  tasks: [
    task("T1", "Parse the command-line arguments", ["T3"], ["src/parse-args.js"], "implementation"),
    task("T2", "Add the calc entry point", ["T1"], ["bin/calc.js", "package.json"], "implementation"),
    task("T3", "Test the command line end to end", ["T2"], ["test/cli.test.js"], "testing"),
    task("T4", "Document the command line", ["T5"], ["README.md"], "documentation"),
  ],
};

/** The plan after the compiler's problems went back to the model. */
const REPAIRED_DRAFT: DraftGraph = {
  title: "Calculator command line",
  tasks: [
    task("T1", "Parse the command-line arguments", [], ["src/parse-args.js"], "implementation"),
    task("T2", "Add the calc entry point", ["T1"], ["bin/calc.js", "package.json"], "implementation"),
    task("T3", "Test the command line end to end", ["T2"], ["test/cli.test.js"], "testing"),
    task("T4", "Document the command line", ["T2"], ["README.md"], "documentation"),
  ],
};

/**
 * The recorded planner session the fake Messages API replays: questions, then a draft the compiler
 * rejects, then — once its problems come back as the tool's error result — the repaired draft.
 */
function playPlanner({ body }: { body: MessagesRequestBody }): ScriptedTurn {
  const tool = JSON.stringify(body.tools?.[0] ?? {});
  const usage = { inputTokens: 2400, outputTokens: 600 };
  if (tool.includes(`"${QUESTIONS_TOOL.name}"`)) {
    return {
      blocks: [{ type: "tool_use", name: QUESTIONS_TOOL.name, input: { questions: QUESTIONS } }],
      usage,
    };
  }
  const repairing = JSON.stringify(body.messages.at(-1) ?? {}).includes('"tool_result"');
  return {
    blocks: [{ type: "tool_use", name: DRAFT_TOOL.name, input: repairing ? REPAIRED_DRAFT : FIRST_DRAFT }],
    usage,
  };
}

/**
 * `foreman simulate --scenario draft`: a writer opens an issue with only a goal and drives the planner
 * — `/foreman draft`, answers, `/foreman accept` — against the local GitHub, the real app over signed
 * webhooks, and a local fake Messages API replaying a planner session whose first draft the compiler
 * rejects. The result is read back from GitHub like any simulation, plus what the planner did.
 */
export async function runDraftScenario(
  options: { faults?: string; seed?: number; idleTimeoutMs?: number } = {},
): Promise<DraftScenarioSummary> {
  const api = await startMessagesApi({ script: playPlanner });
  const emulator = await startEmulator({
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  try {
    const fullName = `${SIMULATION_REPOSITORY.owner}/${SIMULATION_REPOSITORY.repo}`;
    await emulator.seedRepository(fullName);
    const app = await startForemanApp(emulator, {
      modelConnection: { apiKey: "simulated-key", baseURL: api.url },
    });
    try {
      await emulator.addCollaborator(fullName, SIMULATION_WRITER, "write");
      const writer = createPatientOctokit(emulator.url, emulator.userToken(SIMULATION_WRITER));
      const { data: issue } = await writer.rest.issues.create({
        ...SIMULATION_REPOSITORY,
        title: "Calculator command line",
        body: GOAL,
      });
      for (const body of ["/foreman draft", ANSWERS, "/foreman accept"]) {
        await writer.rest.issues.createComment({
          ...SIMULATION_REPOSITORY,
          issue_number: issue.number,
          body,
        });
        await app.settle(options.idleTimeoutMs);
      }
      const stats = emulator.stats();
      const admin = createPatientOctokit(emulator.url, emulator.token);
      const summary = await readSimulationSummary(
        admin,
        SIMULATION_REPOSITORY,
        issue.number,
        stats,
        REPAIRED_DRAFT.tasks.map((entry) => entry.id),
      );
      const comments = await admin.paginate(admin.rest.issues.listComments, {
        ...SIMULATION_REPOSITORY,
        issue_number: issue.number,
        per_page: 100,
      });
      const markers = comments
        .filter((comment) => comment.user?.login === `${app.slug}[bot]`)
        .flatMap((comment) => readMarkers(comment.body ?? ""));
      const questions = markers.find((marker) => marker.kind === "draft-questions");
      const drafting = api
        .scriptedRequests()
        .filter((request) => JSON.stringify(request.body).includes(`"name":"${DRAFT_TOOL.name}"`));
      const feedback = drafting
        .map((request) => JSON.stringify(request.body))
        .find((text) => text.includes("tool_result"));
      return {
        ...summary,
        draft: {
          issue: issue.number,
          questions:
            questions?.kind === "draft-questions"
              ? z.array(z.unknown()).parse(JSON.parse(questions.questions)).length
              : 0,
          rounds: drafting.length,
          repaired: [
            ...new Set([...(feedback ?? "").matchAll(/error ([a-z-]+) at/g)].map((match) => match[1] ?? "")),
          ],
          modelCalls: api.scriptedRequests().length,
          accepted: markers.some((marker) => marker.kind === "approval" && marker.plan === issue.number),
        },
      };
    } finally {
      await app.close();
    }
  } finally {
    await emulator.close();
    await api.close();
  }
}
