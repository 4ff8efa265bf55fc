import type { ApplicationFunction } from "probot";
import type { PlanTemplates } from "../core/plan/plan-texts.ts";
import type { ModelConnection } from "../planner/model-connection.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import { createPlanQueue } from "./create-plan-queue.ts";
import { handleForemanEvent } from "./handle-foreman-event.ts";
import { lookUpSelfLogin } from "./look-up-self-login.ts";
import { redrivePlans } from "./redrive-plans.ts";

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
  /**
   * re-drive labelled plans a lost delivery left unfinished: once when the app loads, then every
   * `intervalMs` (null: only at start-up); `onReady` receives the re-drive itself, for a host that keeps
   * its own clock (the simulator runs it whenever GitHub goes quiet, instead of waiting minutes)
   */
  redrive?: { intervalMs: number | null; onReady?: (redrive: () => Promise<void>) => void };
  /**
   * run the engine (dispatch, verify, retry, land, finish) after the plan's own writes; on by default.
   * Off, only the plan itself is kept (issues, links, tracking), as in the plan-stage tests.
   */
  engine?: boolean;
};

/** How often the hosted app looks for unfinished plans by default (`FOREMAN_REDRIVE_MINUTES`). */
export const DEFAULT_REDRIVE_MS = 15 * 60 * 1000;

/**
 * The events Foreman handles: every one `app.yml` subscribes to (a test keeps the two in step). Those
 * about task branches, checks and runs reconcile the plan they concern, which is where the engine's
 * dispatch, verification and landing happen.
 */
export const HANDLED_EVENTS = [
  "issues",
  "issue_comment",
  "pull_request",
  "pull_request_review",
  "check_suite",
  "check_run",
  "status",
  "workflow_run",
] as const;

/** The Probot app: one thin handler for every event, which parses it and hands it to the shell. */
export function createForemanApp(options: ForemanAppOptions): ApplicationFunction {
  const { track = (work) => work(), redrive, engine = true, ...shared } = options;
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
      engine,
      ...shared,
    };
    app.on([...HANDLED_EVENTS], (context) => track(() => handleForemanEvent(context, dependencies)));
    if (!redrive) return;
    const once = () =>
      track(() => redrivePlans(app, dependencies)).catch((error: unknown) =>
        app.log.warn(
          `re-driving unfinished plans failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    void once();
    if (redrive.intervalMs !== null) setInterval(once, redrive.intervalMs).unref();
    redrive.onReady?.(async () => {
      await once();
    });
  };
}
