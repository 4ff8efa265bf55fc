import { STATE_ICONS } from "../core/plan/state-icons.ts";
import { formatUsd } from "./format-usd.ts";
import type { PlanStatus } from "./plan-status-schema.ts";

/** The plan's summary report in markdown: the completion matrix with links, then the totals. */
export function renderPlanReport(status: PlanStatus): string {
  const { plan, totals } = status;
  const rows = status.tasks.map((task) => {
    const issue = task.issue ? `[#${task.issue.number}](${task.issue.url})` : "–";
    const pr = task.pr
      ? `[#${task.pr.number}](${task.pr.url})${task.pr.merged ? " merged" : task.pr.state === "closed" ? " closed" : ""}`
      : "–";
    const cost = task.costUsd > 0 ? formatUsd(task.costUsd) : "–";
    return `| ${escapeCell(task.id)} | ${escapeCell(task.title)} | ${STATE_ICONS[task.state].icon} ${task.state} | ${issue} | ${pr} | ${task.checks ?? "–"} | ${task.attempts} | ${cost} |`;
  });
  const approval = plan.approvedBy ? ` · approved by @${plan.approvedBy} (spec \`${plan.spec}\`)` : "";
  const tracking = plan.trackingComment ? ` · [tracking comment](${plan.trackingComment})` : "";
  const counts = Object.entries(totals.byState).map(([state, count]) => `${count} ${state}`);
  return [
    `# Plan #${plan.number}: ${escapeCell(plan.title)} — ${plan.status}`,
    "",
    `[${status.repository}#${plan.number}](${plan.url})${approval}${tracking}`,
    "",
    ...(rows.length === 0
      ? ["No tasks yet: the plan has not been started."]
      : [
          "| Task | Title | State | Issue | PR | Checks | Attempts | Cost |",
          "|---|---|---|---|---|---|---|---|",
          ...rows,
          "",
          `**${totals.tasks} tasks**: ${counts.join(", ")} · **${totals.attempts} attempts** · **${formatUsd(totals.costUsd)}** · ${totals.inputTokens} input / ${totals.outputTokens} output tokens`,
        ]),
    "",
  ].join("\n");
}

/** Text from people goes into table cells: no pipes, no markup, no mentions. */
function escapeCell(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/[|<>`*_[\]\\]/g, (character) => `\\${character}`)
    .replace(/@(?=[A-Za-z0-9])/g, "@\u200b");
}
