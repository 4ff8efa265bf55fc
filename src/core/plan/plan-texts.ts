import type { Task } from "../graph/task-graph.ts";
import type { ChildIssueContext } from "./render-child-issue.ts";
import type { ConfigErrorView } from "./render-config-error-comment.ts";
import type { InvalidPlanView } from "./render-invalid-plan-comment.ts";
import type { PlanChangeView } from "./render-plan-change-comment.ts";
import type { TrackingView } from "./render-tracking-comment.ts";

/** The user-visible texts Foreman renders from `templates/`. */
export type PlanTemplates = { childIssue: string; trackingComment: string };

/** Where Foreman's texts link to: the task format, and the repository's `.github/foreman.yml`. */
export type PlanLinks = { formatReference: string; config: string };

/** Every renderer the planners use, with the templates and links already bound (`bindPlanTexts`). */
export type PlanTexts = {
  childIssue(
    task: Task,
    context: Omit<ChildIssueContext, "template">,
    external: readonly number[],
  ): { title: string; body: string };
  trackingComment(view: Omit<TrackingView, "template">): string;
  invalidPlanComment(view: Omit<InvalidPlanView, "formatReferenceUrl">): string;
  planChangeComment(view: Omit<PlanChangeView, "formatReferenceUrl">): string;
  configErrorComment(view: Omit<ConfigErrorView, "configUrl">): string;
  links: PlanLinks;
};
