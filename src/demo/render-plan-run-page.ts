import { transitiveReduction } from "../core/graph/transitive-reduction.ts";
import { describeTaskProgress, type TaskProgress } from "./describe-task-progress.ts";
import { escapeHtml } from "./escape-html.ts";
import { formatFigure } from "./format-figure.ts";
import { type GraphLayout, layoutTaskGraph, NODE_WIDTH } from "./layout-task-graph.ts";
import type { AttemptRun, CheckRunSummary, PlanRun, TaskRun } from "./plan-run.ts";
import { summarisePlanRun } from "./summarise-plan-run.ts";

/**
 * The `--keep DIR` page (`DIR/index.html`): one self-contained HTML document of a run's final state —
 * the plan, a dependency graph drawn as inline SVG, and per task its state, attempts (with the
 * feedback each failure sent on), pull request, required checks and cost. No script and no request
 * of any kind: the Content-Security-Policy forbids them, styles are inline. Every piece of text and
 * every link from GitHub is escaped, and only http(s) or relative links become links.
 */
export function renderPlanRunPage(run: PlanRun, options: { now: number }): string {
  const totals = summarisePlanRun(run, options.now);
  const title = `Plan #${run.plan.number} · ${run.plan.title}`;
  const retries =
    totals.retries === 0 ? "" : ` (${totals.retries} retr${totals.retries === 1 ? "y" : "ies"})`;
  const budget = run.budget.limitUsd === null ? "" : ` of ${formatFigure("usd", run.budget.limitUsd)} budget`;
  const status =
    run.finishedAt === null
      ? "still running"
      : `finished ${run.finishedAt.replace("T", " ").slice(0, 19)} UTC`;
  const links = [
    link(run.plan.url, "Plan issue"),
    run.plan.trackingCommentUrl === null ? "" : link(run.plan.trackingCommentUrl, "Tracking comment"),
    run.summaryReport === null
      ? ""
      : link(run.summaryReport.url, `Summary report (${run.summaryReport.path})`),
  ].filter((item) => item !== "");

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Foreman</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<p class="eyebrow">Foreman · ${link(run.repository.url, run.repository.fullName)}</p>
<h1>${link(run.plan.url, `Plan #${run.plan.number}`)} <span class="plan-title">${escapeHtml(run.plan.title)}</span></h1>
<p class="totals"><strong>${totals.done}/${totals.total} tasks done</strong> in ${formatFigure("duration", totals.elapsedMs)} · ${totals.attempts} attempt${totals.attempts === 1 ? "" : "s"}${retries} · ${formatFigure("usd", totals.costUsd)}${budget} · ${formatFigure("tokens", totals.tokens)} tokens · ${escapeHtml(status)}</p>
${totals.stuck.length === 0 ? "" : `<ul class="stuck">${totals.stuck.map((task) => `<li>${escapeHtml(describeTaskProgress(task, run).mark)} <strong>${escapeHtml(task.id)}</strong> ${escapeHtml(describeTaskProgress(task, run).word)}: ${escapeHtml(describeTaskProgress(task, run).detail)}</li>`).join("")}</ul>`}
<nav>${links.join(" · ")}</nav>
</header>
<main>
<section aria-labelledby="graph-heading">
<h2 id="graph-heading">Dependency graph</h2>
<div class="graph">${renderGraph(run, layoutTaskGraph(reducedGraph(run)))}</div>
<p class="legend">${LEGEND}</p>
</section>
<section aria-labelledby="tasks-heading">
<h2 id="tasks-heading">Tasks</h2>
<div class="table-wrap"><table>
<thead><tr><th scope="col">Task</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Pull request</th><th scope="col">Required checks</th><th scope="col" class="num">Cost</th></tr></thead>
<tbody>
${run.tasks.map((task) => renderTaskRow(task, run, totals.costByTask[task.id] ?? null)).join("\n")}
</tbody>
</table></div>
</section>
</main>
<footer>Rendered ${escapeHtml(new Date(options.now).toISOString().replace("T", " ").slice(0, 19))} UTC from the same data as <code>foreman simulate --json</code>. This page loads nothing from anywhere.</footer>
</body>
</html>
`;
}

/** What fits on a box's first line beside the id at 13px; the full title is in the box's tooltip. */
const TITLE_CHARACTERS = Math.floor((NODE_WIDTH - 24) / 7.4);

const LEGEND = (
  [
    ["done", "✓ done"],
    ["retrying", "↻ retrying"],
    ["running", "● running"],
    ["waiting", "○ waiting"],
    ["stuck", "✗ needs a person"],
    ["inactive", "↷ skipped / ⊘ cancelled"],
  ] as const
)
  .map(([tone, text]) => `<span class="badge tone-${tone}">${escapeHtml(text)}</span>`)
  .join(" ");

/**
 * The graph as drawn: only the edges no other path implies (as in the tracking comment's mermaid
 * graph), so a phase barrier over twenty tasks is twenty arrows, not four hundred.
 */
function reducedGraph(run: PlanRun): Array<{ id: string; dependsOn: string[] }> {
  const pairs = transitiveReduction(
    run.tasks.map((task) => ({
      id: task.id,
      deps: task.dependsOn.map((id) => ({ id, source: "explicit" as const, line: null })),
    })),
  );
  return run.tasks.map((task) => ({
    id: task.id,
    dependsOn: pairs.filter(([taskId]) => taskId === task.id).map(([, blocker]) => blocker),
  }));
}

function renderGraph(run: PlanRun, layout: GraphLayout): string {
  const byId = new Map(run.tasks.map((task) => [task.id, task]));
  const edges = layout.edges
    .map((edge) => {
      const [first, ...rest] = edge.points;
      if (first === undefined) return "";
      let path = `M${first.x},${first.y}`;
      let previous = first;
      for (const point of rest) {
        const bend = (point.x - previous.x) / 2;
        path += ` C${previous.x + bend},${previous.y} ${point.x - bend},${point.y} ${point.x},${point.y}`;
        previous = point;
      }
      const done = byId.get(edge.from)?.state === "done";
      return `<path class="edge${done ? " edge-done" : ""}" d="${path}" marker-end="url(#arrow)"><title>${escapeHtml(`${edge.to} waits for ${edge.from}`)}</title></path>`;
    })
    .join("");
  const nodes = layout.nodes
    .map((node) => {
      const task = byId.get(node.id);
      if (task === undefined) return "";
      const progress = describeTaskProgress(task, run);
      const attempts = task.attempts.length;
      const line2 = `${progress.mark} ${progress.word}${attempts > 1 ? ` · ${attempts} attempts` : ""}`;
      return `<a href="#task-${escapeHtml(encodeURIComponent(task.id))}"><g class="node tone-${progress.tone}" data-task="${escapeHtml(task.id)}" data-state="${escapeHtml(task.state)}"><title>${escapeHtml(`${task.id}: ${task.title} — ${progress.word}`)}</title><rect x="${node.x}" y="${node.y}" width="${node.width}" height="${node.height}" rx="8"/><text x="${node.x + 12}" y="${node.y + 22}"><tspan class="node-id">${escapeHtml(cut(task.id, 10))}</tspan> ${escapeHtml(cut(task.title, TITLE_CHARACTERS - Math.min(10, [...task.id].length)))}</text><text class="node-state" x="${node.x + 12}" y="${node.y + 42}">${escapeHtml(line2)}</text></g></a>`;
    })
    .join("");
  const label = `Dependency graph of ${run.tasks.length} task${run.tasks.length === 1 ? "" : "s"}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(label)}" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs><g class="edges">${edges}</g><g class="nodes">${nodes}</g></svg>`;
}

function renderTaskRow(task: TaskRun, run: PlanRun, cost: number | null): string {
  const progress = describeTaskProgress(task, run);
  const waits = [...task.dependsOn, ...task.waitsForIssues.map((number) => `#${number}`)];
  const issue = task.issue === null ? "" : ` ${link(task.issue.url, `#${task.issue.number}`)}`;
  return `<tr class="task" id="task-${escapeHtml(encodeURIComponent(task.id))}" data-task="${escapeHtml(task.id)}" data-state="${escapeHtml(task.state)}">
<th scope="row"><span class="task-id">${escapeHtml(task.id)}</span>${issue}<div class="task-title">${escapeHtml(task.title)}</div>${waits.length === 0 ? "" : `<div class="muted">after ${escapeHtml(waits.join(", "))}</div>`}</th>
<td>${renderBadge(progress)}${progress.detail === "" ? "" : `<div class="muted">${escapeHtml(progress.detail)}</div>`}</td>
<td>${task.attempts.length === 0 ? '<span class="muted">none yet</span>' : `<ol class="attempts">${task.attempts.map((attempt, index) => renderAttempt(attempt, index < task.attempts.length - 1)).join("")}</ol>`}</td>
<td>${renderPull(task)}</td>
<td>${task.checks.length === 0 ? '<span class="muted">—</span>' : `<ul class="checks">${task.checks.map(renderCheck).join("")}</ul>`}</td>
<td class="num">${escapeHtml(formatFigure("usd", cost))}</td>
</tr>`;
}

function renderBadge(progress: TaskProgress): string {
  return `<span class="badge tone-${progress.tone}">${escapeHtml(`${progress.mark} ${progress.word}`)}</span>`;
}

const CONCLUSION_TEXT: Record<NonNullable<AttemptRun["conclusion"]>, string> = {
  success: "✓ passed",
  failure: "✗ failed",
  cancelled: "⊘ cancelled",
  timed_out: "✗ timed out",
  "needs-human": "✗ needs a person",
};

function renderAttempt(attempt: AttemptRun, retried: boolean): string {
  const label = attempt.run === null ? `#${attempt.n}` : link(attempt.run.url, `#${attempt.n}`);
  const verdict = attempt.conclusion === null ? "● running" : CONCLUSION_TEXT[attempt.conclusion];
  const took =
    attempt.startedAt !== null && attempt.finishedAt !== null
      ? formatFigure("duration", Date.parse(attempt.finishedAt) - Date.parse(attempt.startedAt))
      : "";
  const figures = [
    took,
    attempt.turns === null ? "" : `${attempt.turns} turns`,
    attempt.inputTokens === null && attempt.outputTokens === null
      ? ""
      : `${formatFigure("tokens", (attempt.inputTokens ?? 0) + (attempt.outputTokens ?? 0))} tokens`,
    formatFigure("usd", attempt.costUsd),
  ].filter((part) => part !== "" && part !== "—");
  const tone = attempt.conclusion === null ? "running" : attempt.conclusion === "success" ? "done" : "stuck";
  const feedback =
    attempt.feedback === null
      ? ""
      : `<details><summary>${retried ? `Feedback sent to attempt ${attempt.n + 1}` : "What failed"}</summary><pre>${escapeHtml(attempt.feedback)}</pre></details>`;
  return `<li class="attempt" data-conclusion="${escapeHtml(attempt.conclusion ?? "running")}">${label} <span class="tone-text-${tone}">${escapeHtml(verdict)}</span> <span class="muted">${escapeHtml(figures.join(" · "))}</span>${feedback}</li>`;
}

function renderPull(task: TaskRun): string {
  if (task.pr === null) return '<span class="muted">—</span>';
  const state = task.pr.merged
    ? `merged${task.pr.mergeSha === null ? "" : ` as ${task.pr.mergeSha.slice(0, 7)}`}`
    : "open";
  const report = task.pr.reportUrl === null ? "" : `<div>${link(task.pr.reportUrl, "attempt report")}</div>`;
  return `${link(task.pr.url, `#${task.pr.number}`)} <span class="muted">${escapeHtml(state)}</span>${report}`;
}

function renderCheck(check: CheckRunSummary): string {
  const mark =
    check.conclusion === null
      ? "●"
      : check.conclusion === "success"
        ? "✓"
        : check.conclusion === "skipped" || check.conclusion === "neutral"
          ? "–"
          : "✗";
  const tone = check.conclusion === null ? "running" : check.conclusion === "success" ? "done" : "stuck";
  const text = `${mark} ${check.name}${check.conclusion === null ? " (running)" : check.conclusion === "success" ? "" : ` (${check.conclusion})`}`;
  return `<li class="tone-text-${tone}">${check.url === null ? escapeHtml(text) : link(check.url, text)}</li>`;
}

/** A link when the target is http(s) or relative; anything else (javascript:, data:) stays text. */
function link(url: string, text: string): string {
  const safe = /^https?:\/\//i.test(url) || (!/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith("//"));
  return safe ? `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

function cut(text: string, length: number): string {
  const characters = [...text];
  return characters.length <= length ? text : `${characters.slice(0, Math.max(1, length - 1)).join("")}…`;
}

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;
--done:#1a7f37;--done-bg:#dafbe1;--retrying:#9a6700;--retrying-bg:#fff8c5;--running:#0969da;--running-bg:#ddf4ff;
--waiting:#59636e;--waiting-bg:#f6f8fa;--stuck:#cf222e;--stuck-bg:#ffebe9;--inactive:#818b98;--inactive-bg:#f6f8fa}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;
--done:#3fb950;--done-bg:#12261e;--retrying:#d29922;--retrying-bg:#272115;--running:#4493f8;--running-bg:#121d2f;
--waiting:#9198a1;--waiting-bg:#151b23;--stuck:#f85149;--stuck-bg:#25171c;--inactive:#656c76;--inactive-bg:#151b23}}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px 40px;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
a{color:var(--running)}
header{border-bottom:1px solid var(--line);padding-bottom:12px;margin-bottom:8px}
.eyebrow{margin:0;color:var(--muted);font-size:13px}
h1{margin:4px 0 6px;font-size:24px;line-height:1.25;overflow-wrap:anywhere}
h1 a{text-decoration:none}
h2{font-size:16px;margin:20px 0 8px}
.totals{margin:0 0 6px;font-size:15px}
.stuck{margin:6px 0;padding:8px 12px;list-style:none;background:var(--stuck-bg);color:var(--stuck);border-radius:6px}
nav{color:var(--muted)}
.graph{overflow:auto;border:1px solid var(--line);border-radius:8px;background:var(--card);padding:4px}
svg{display:block;max-width:none}
.edge{fill:none;stroke:var(--muted);stroke-width:1.5;opacity:.65}
.edge-done{stroke:var(--done)}
marker path{fill:var(--muted)}
.node rect{stroke-width:1.5}
.node text{font-size:13px;fill:var(--fg)}
.node .node-id{font-weight:600}
.node .node-state{font-size:12px}
.node.tone-done rect{fill:var(--done-bg);stroke:var(--done)} .node.tone-done .node-state{fill:var(--done)}
.node.tone-retrying rect{fill:var(--retrying-bg);stroke:var(--retrying)} .node.tone-retrying .node-state{fill:var(--retrying)}
.node.tone-running rect{fill:var(--running-bg);stroke:var(--running)} .node.tone-running .node-state{fill:var(--running)}
.node.tone-waiting rect{fill:var(--waiting-bg);stroke:var(--line)} .node.tone-waiting .node-state{fill:var(--waiting)}
.node.tone-stuck rect{fill:var(--stuck-bg);stroke:var(--stuck)} .node.tone-stuck .node-state{fill:var(--stuck)}
.node.tone-inactive rect{fill:var(--inactive-bg);stroke:var(--line);stroke-dasharray:4 3} .node.tone-inactive .node-state{fill:var(--inactive)}
.legend{margin:8px 0 0}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.tone-done{color:var(--done);background:var(--done-bg)} .tone-retrying{color:var(--retrying);background:var(--retrying-bg)}
.tone-running{color:var(--running);background:var(--running-bg)} .tone-waiting{color:var(--waiting);background:var(--waiting-bg)}
.tone-stuck{color:var(--stuck);background:var(--stuck-bg)} .tone-inactive{color:var(--inactive);background:var(--inactive-bg)}
.tone-text-done{color:var(--done)} .tone-text-running{color:var(--running)} .tone-text-stuck{color:var(--stuck)}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:8px 10px;border-bottom:1px solid var(--line)}
thead th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
tbody th{font-weight:400;min-width:220px}
.task-id{font-weight:600;margin-right:4px}
.task-title{overflow-wrap:anywhere}
.muted{color:var(--muted);font-size:13px}
.num{text-align:right;white-space:nowrap}
ol.attempts,ul.checks{margin:0;padding:0;list-style:none}
.attempt+.attempt{margin-top:4px}
details{margin-top:2px}
summary{cursor:pointer;color:var(--muted);font-size:13px}
pre{margin:4px 0 0;padding:8px;max-width:520px;max-height:240px;overflow:auto;background:var(--card);border:1px solid var(--line);border-radius:6px;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
code{font-size:12px}
footer{margin-top:24px;color:var(--muted);font-size:12px}
`;
