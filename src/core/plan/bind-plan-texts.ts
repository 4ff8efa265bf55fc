import type { PlanLinks, PlanTemplates, PlanTexts } from "./plan-texts.ts";
import { renderChildIssue } from "./render-child-issue.ts";
import { renderConfigErrorComment } from "./render-config-error-comment.ts";
import { renderInvalidPlanComment } from "./render-invalid-plan-comment.ts";
import { renderPlanChangeComment } from "./render-plan-change-comment.ts";
import { renderTrackingComment } from "./render-tracking-comment.ts";

/** The renderers with templates and links bound once, so no planner passes them along. */
export function bindPlanTexts(templates: PlanTemplates, links: PlanLinks): PlanTexts {
  return {
    childIssue: (task, context, external) =>
      renderChildIssue(task, { ...context, template: templates.childIssue }, external),
    trackingComment: (view) => renderTrackingComment({ ...view, template: templates.trackingComment }),
    invalidPlanComment: (view) =>
      renderInvalidPlanComment({ ...view, formatReferenceUrl: links.formatReference }),
    planChangeComment: (view) =>
      renderPlanChangeComment({ ...view, formatReferenceUrl: links.formatReference }),
    configErrorComment: (view) => renderConfigErrorComment({ ...view, configUrl: links.config }),
    links,
  };
}
