import { criticalPath } from "../graph/critical-path.ts";
import { executionWaves } from "../graph/execution-waves.ts";
import { renderMermaid } from "../graph/render-mermaid.ts";
import type { TaskGraph } from "../graph/task-graph.ts";
import { fenceCode } from "../plan/fence-code.ts";
import { formatDiagnostic } from "../plan/format-diagnostic.ts";
import { formatMarker } from "../plan/format-marker.ts";
import { hashPlanText } from "../plan/hash-plan-text.ts";
import { describeSpent } from "./describe-spent.ts";
import type { Spent } from "./model-exchange.ts";
import { neutralizeText } from "./neutralize-text.ts";
import type { ResolvedAnswer } from "./resolved-answer.ts";
import { wrapDraftText } from "./wrap-draft-text.ts";

/** GitHub's limit for a comment body, with room to spare. */
const COMMENT_LIMIT = 65_000;

export type DraftView = {
  plan: number;
  /** the comment this draft answers */
  request: number;
  model: string;
  /** everything this draft used, the questions included */
  spent: Spent;
  /** model answers the draft took (1: right the first time) */
  rounds: number;
  answers: readonly ResolvedAnswer[];
  result:
    | { kind: "valid"; markdown: string; graph: TaskGraph; warnings: string | null }
    | {
        kind: "invalid";
        reason: "rounds" | "budget";
        /** the last draft, when the model gave one that could be rendered */
        markdown: string | null;
        graph: TaskGraph | null;
        problems: string;
      };
};

/**
 * The draft plan comment: what the draft is (tasks, waves, critical path, graph), the task markdown
 * that `/foreman accept` writes into the issue, the answers it was drafted from and what it cost. A
 * draft the compiler still rejects says so first, lists its problems, and cannot be accepted as is.
 */
export function renderDraftComment(view: DraftView): string {
  const { result } = view;
  const markdown = result.markdown;
  const marker = formatMarker({
    kind: "draft",
    plan: view.plan,
    request: view.request,
    spec: hashPlanText(markdown ?? ""),
    valid: result.kind === "valid" ? "yes" : "no",
  });
  const repaired =
    view.rounds > 1
      ? ` The compiler's problems went back to the model ${view.rounds - 1} time${view.rounds === 2 ? "" : "s"}.`
      : "";
  // Sections marked optional are left out when the comment would not fit GitHub's limit.
  const sections: Array<{ text: string; optional?: true }> = [];
  const add = (text: string, optional?: true) => sections.push(optional ? { text, optional } : { text });
  if (result.kind === "valid") {
    add(`### 📝 Draft plan: ${result.graph.tasks.length} tasks`);
    add(`${overview(result.graph)}${repaired}`);
    add(
      "**Comment `/foreman accept`** to write this plan into the issue (your goal stays above it) and start it. Edit this comment first to change the plan, or comment `/foreman draft` for a new draft.",
    );
    if (result.warnings !== null)
      add(folded("Warnings left", fenceCode(neutralizeText(result.warnings), "text"), false), true);
  } else {
    const why =
      result.reason === "budget"
        ? "the draft's budget ran out before the model fixed every problem"
        : `${view.rounds} model answer${view.rounds === 1 ? "" : "s"} still had problems`;
    add("### ⚠️ Draft plan with problems: not applied");
    add(
      `Foreman's compiler rejects this draft (${why}). Nothing was created. Fix the plan text in this comment and comment \`/foreman accept\`, or comment \`/foreman draft\` to try again.`,
    );
    add(folded("Problems", problemList(result.graph, result.problems), true));
    if (result.graph !== null && result.graph.tasks.length > 0) add(overview(result.graph), true);
  }
  if (result.graph !== null && result.graph.tasks.length > 0) {
    add(
      folded("Dependency graph", `\`\`\`mermaid\n${renderMermaid(result.graph.tasks)}\n\`\`\``, false),
      true,
    );
  }
  if (markdown !== null) add(folded("Plan text", wrapDraftText(view.plan, markdown), true));
  if (view.answers.length > 0)
    add(folded("Answers this draft follows", answerList(view.answers), false), true);
  add(`<sub>${describeSpent(view.spent, view.model)}</sub>`);
  add(`${marker}\n`);
  const whole = sections.map((section) => section.text).join("\n\n");
  if (whole.length <= COMMENT_LIMIT) return whole;
  const kept = sections.filter((section) => !section.optional).map((section) => section.text);
  kept.splice(
    1,
    0,
    "_The graph, waves and answers are left out: with them this comment would not fit on GitHub._",
  );
  const shortened = kept.join("\n\n");
  if (shortened.length <= COMMENT_LIMIT || markdown === null) return shortened;
  // Only a draft the compiler rejected for its size gets here: it cannot be accepted anyway.
  const text = folded("Plan text", wrapDraftText(view.plan, markdown), true);
  return shortened.replace(
    text,
    `_The plan text (${markdown.length} characters) is too long to show on GitHub._`,
  );
}

function overview(graph: TaskGraph): string {
  const waves = executionWaves(graph.tasks);
  const path = criticalPath(graph.tasks);
  const lines = [
    `**${graph.tasks.length} tasks in ${waves.length} wave${waves.length === 1 ? "" : "s"}**${path.length > 1 ? ` · critical path: ${path.join(" → ")}` : ""}`,
    ...waves.map((wave, index) => `${index + 1}. ${wave.join(" · ")}`),
  ];
  return lines.join("\n");
}

function problemList(graph: TaskGraph | null, problems: string): string {
  const diagnostics = graph?.diagnostics ?? [];
  if (diagnostics.length > 0) return neutralizeText(diagnostics.map(formatDiagnostic).join("\n"));
  return fenceCode(neutralizeText(problems.split("\nFix every problem")[0] ?? problems), "text");
}

function answerList(answers: readonly ResolvedAnswer[]): string {
  return answers
    .map((answer) => {
      const given =
        answer.answer === null
          ? `_default:_ ${oneLine(answer.default)}`
          : `${oneLine(answer.answer)} (${answer.by ?? "someone"})`;
      return `${answer.number}. ${oneLine(answer.question)}\n   → ${given}`;
    })
    .join("\n");
}

/** People's and the model's text on one line, neutralised (markers broken, mentions silent). */
function oneLine(text: string): string {
  return neutralizeText(text.replace(/\s+/g, " ").trim());
}

function folded(summary: string, body: string, open: boolean): string {
  return `<details${open ? " open" : ""}><summary><b>${summary}</b></summary>\n\n${body}\n\n</details>`;
}
