import type { ApplicationFunction } from "probot";
import { retryTransient } from "../github/retry-transient.ts";
import type { ModelConnection } from "../planner/model-connection.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { createPlanQueue } from "./create-plan-queue.ts";
import { handleIssueChanged } from "./handle-issue-changed.ts";
import { handleIssueComment } from "./handle-issue-comment.ts";
import { handleIssueLabeled } from "./handle-issue-labeled.ts";
import type { PlanTemplates } from "./load-templates.ts";
import { lookUpSelfLogin } from "./look-up-self-login.ts";

export type ForemanAppOptions = {
  templates: PlanTemplates;
  /** where comments send people to learn the task format */
  formatReferenceUrl: string;
  /** the Messages API `/foreman draft` asks (the operator's key and address) */
  modelConnection?: ModelConnection;
  /**
   * wraps the handling of every event; the simulator counts handlers in progress with it, since a
   * handler pausing before a retry makes no request the local GitHub could see
   */
  track?: <T>(work: () => Promise<T>) => Promise<T>;
};

/**
 * The Probot app: one thin handler per event. Each one works out which plan the event concerns and
 * reconciles it; the events it listens to are the ones `app.yml` subscribes to for issues.
 */
export function createForemanApp(options: ForemanAppOptions): ApplicationFunction {
  const { track = (work) => work(), ...shared } = options;
  return (app) => {
    let selfLogin: Promise<string> | undefined;
    const dependencies: AppDependencies = {
      queue: createPlanQueue(),
      selfLogin: () => {
        selfLogin ??= lookUpSelfLogin(app).catch((error: unknown) => {
          selfLogin = undefined;
          throw error;
        });
        return selfLogin;
      },
      ...shared,
    };
    // Both are idempotent as a whole (they read, then reconcile), so a flaky API just means another go;
    // the reconcile itself also reads again and carries on after a write GitHub refused for the moment.
    app.on("issues.labeled", (context) =>
      track(() =>
        retryTransient(
          () => handleIssueLabeled(context, dependencies),
          (message) => context.log.warn(message),
        ),
      ),
    );
    app.on(["issues.edited", "issues.closed", "issues.reopened", "issues.unlabeled"], (context) =>
      track(() =>
        retryTransient(
          () => handleIssueChanged(context, dependencies),
          (message) => context.log.warn(message),
        ),
      ),
    );
    app.on("issue_comment.created", (context) => track(() => handleIssueComment(context, dependencies)));
  };
}
