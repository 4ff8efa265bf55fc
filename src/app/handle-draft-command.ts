import type { Context } from "probot";
import { authorizeActor } from "../core/commands/authorize-actor.ts";
import { decideCommand } from "../core/commands/decide-command.ts";
import { formatMarker } from "../core/plan/format-marker.ts";
import { readMarkers } from "../core/plan/read-markers.ts";
import { parseAnswers } from "../core/planner/parse-answers.ts";
import { type DraftCommand, parseDraftCommand } from "../core/planner/parse-draft-command.ts";
import { prepareAcceptance } from "../core/planner/prepare-acceptance.ts";
import { splitAtDraftText } from "../core/planner/split-at-draft-text.ts";
import { askQuestionsOnIssue } from "../planner/ask-questions-on-issue.ts";
import { createModelCaller } from "../planner/create-model-caller.ts";
import { draftPlanOnIssue } from "../planner/draft-plan-on-issue.ts";
import type { PlannerStepResult } from "../planner/planner-step-input.ts";
import { type DraftState, readDraftState } from "../planner/read-draft-state.ts";
import { loadPlan } from "../shell/load-plan.ts";
import { runPlanReconcile } from "../shell/run-plan-reconcile.ts";
import type { AppDependencies } from "./app-dependencies.ts";
import type { ForemanEventContext } from "./foreman-event-context.ts";
import { type OpenRepository, openRepository } from "./open-repository.ts";
import { planKey } from "./plan-key.ts";

const NO_KEY =
  "the Foreman app has no model key, so it cannot draft plans. Its operator sets `ANTHROPIC_API_KEY` in the app's environment (and `ANTHROPIC_BASE_URL` for a gateway), then `/foreman draft` works.";

/**
 * The planner's comments on an issue: `/foreman draft` (writers) asks the clarifying questions or
 * drafts, `/foreman answer` or a reply quoting the questions (the issue's author or writers) drafts
 * from the answers, `/foreman accept` (writers) writes the draft into the issue and starts the plan
 * through the same path as `/foreman start`. Each step is keyed by the comment that asked, so a
 * redelivered webhook repeats nothing. True when the comment was the planner's to handle.
 */
export async function handleDraftCommand(
  context: ForemanEventContext<Context<"issue_comment.created">["payload"]>,
  dependencies: AppDependencies,
): Promise<boolean> {
  const { comment, issue } = context.payload;
  const author = comment.user;
  if (!author) return false;
  const command = parseDraftCommand(comment.body);
  // A reply quoting the questions is an answer; any other comment without a planner command is not ours.
  if (command === null && !/^\s*>/m.test(comment.body)) return false;
  if (readMarkers(issue.body ?? "").some((marker) => marker.kind === "task")) return false;

  const repository = await openRepository(context, dependencies);
  const { forge } = repository.shell;
  // The command's own text is never repeated: a person's text inside Foreman's comment could carry a marker.
  const reply = (text: string) =>
    forge.ensureComment(
      issue.number,
      (marker) => marker.kind === "reply" && marker.comment === comment.id,
      `@${author.login} ${text}\n\n${formatMarker({ kind: "reply", comment: comment.id })}\n`,
    );
  const isAuthor = author.login === issue.user.login && author.type !== "Bot";
  const verdict =
    command?.name !== "draft" && command?.name !== "accept" && isAuthor
      ? "allow"
      : await authorizeActor(
          { login: author.login, type: author.type ?? "User" },
          {
            selfLogin: repository.selfLogin,
            allowBots: repository.config.result.ok ? repository.config.result.config.allowBots : [],
            permission: () => forge.getPermission(author.login),
          },
        );
  if (verdict === "ignore") return true;
  if (verdict === "refuse") {
    // A reply quoting the questions from someone else is just conversation: never read, never answered.
    if (command === null) return false;
    await reply(
      command.name === "answer"
        ? "sorry, only the issue's author and people with write access can answer the planner's questions."
        : "sorry, only people with write access to this repository can draft and accept Foreman plans.",
    );
    return true;
  }

  const { owner, repo } = context.repo();
  return dependencies.queue.run(planKey(owner, repo, issue.number), async () => {
    const state = await readDraftState(forge, issue.number);
    if (command === null) {
      // Only a reply that quotes this issue's questions and answers one is an answer, and only until the plan starts.
      if (state.questions === null || state.started) return false;
      const parsed = parseAnswers(comment.body, state.questions.list);
      if (!parsed.quotesQuestions || parsed.answers.size === 0) return false;
    }
    if (state.handled(comment.id)) return true;
    await forge.addCommentReaction(comment.id, "eyes");
    if (command?.name === "accept") {
      await acceptDraft(repository, dependencies, { plan: issue.number, actor: author.login, state }, reply);
      return true;
    }
    const refusal = whyNotDraft(repository, state, command, issue.number, dependencies);
    if (refusal !== null) {
      await reply(refusal);
      return true;
    }
    const connection = dependencies.modelConnection;
    if (!connection?.apiKey || !repository.config.result.ok) return true;
    const fresh = await forge.getIssue(issue.number);
    if (!fresh) return true;
    const step = {
      forge,
      config: repository.config.result.config.planner,
      call: createModelCaller({ apiKey: connection.apiKey, baseURL: connection.baseURL }),
      issue: { number: fresh.number, title: fresh.title, body: fresh.body, author: fresh.author },
      request: comment.id,
    };
    const asking = command?.name === "draft" && !command.noQuestions && state.questions === null;
    const result: PlannerStepResult = asking
      ? await askQuestionsOnIssue(step)
      : await draftPlanOnIssue({ ...step, questions: state.questions });
    if (result.kind === "failed") await reply(result.reply);
    else await forge.addCommentReaction(comment.id, "+1");
    return true;
  });
}

/** Why this comment cannot ask the model now, or null when it can. */
function whyNotDraft(
  repository: OpenRepository,
  state: DraftState,
  command: DraftCommand | null,
  plan: number,
  dependencies: AppDependencies,
): string | null {
  if (state.started) {
    return `plan #${plan} has started already, so it takes no new draft: edit the issue text and comment \`/foreman replan\` to change it.`;
  }
  if (command?.name === "answer" && state.questions === null) {
    return "there are no questions to answer yet: comment `/foreman draft` and I ask them.";
  }
  if (!repository.config.result.ok) {
    const problems = repository.config.result.problems.map(
      (problem) => `- \`${problem.key || ".github/foreman.yml"}\` ${problem.message}`,
    );
    return `\`.github/foreman.yml\` has problems, so I cannot draft with its settings:\n\n${problems.join("\n")}`;
  }
  if (!dependencies.modelConnection?.apiKey) return NO_KEY;
  return null;
}

/**
 * `/foreman accept`: the newest draft's text, as its comment holds it now, is compiled again and
 * written into the plan body below the goal; then the plan starts as `/foreman start` starts it
 * (label, approval by this writer, reconcile). A redelivered accept finds the body already written
 * and the plan approved, and answers the same.
 */
async function acceptDraft(
  repository: OpenRepository,
  dependencies: AppDependencies,
  request: { plan: number; actor: string; state: DraftState },
  reply: (text: string) => Promise<unknown>,
): Promise<void> {
  const { forge } = repository.shell;
  const { plan, state } = request;
  const latest = state.drafts.at(-1);
  if (!latest) {
    await reply("there is no draft to accept yet: comment `/foreman draft` first.");
    return;
  }
  const text = splitAtDraftText(latest.comment.body, plan)?.text;
  if (text === undefined) {
    await reply(
      `the [draft](${latest.comment.url}) no longer holds its plan text between its markers, so there is nothing to accept. Comment \`/foreman draft\` for a new one.`,
    );
    return;
  }
  const current = await forge.getIssue(plan);
  if (!current) return;
  const acceptance = prepareAcceptance(current.body, plan, text);
  if (acceptance.kind === "problems") {
    await reply(acceptance.message);
    return;
  }
  if (state.started && !acceptance.unchanged) {
    await reply(
      `plan #${plan} has started already, so a draft cannot replace its text: edit the issue and comment \`/foreman replan\` to change it.`,
    );
    return;
  }
  if (!acceptance.unchanged) await forge.updateIssue(plan, { body: acceptance.body });
  const loaded = await loadPlan(forge, repository.shell.config, plan);
  if (!loaded) return;
  const decision = decideCommand({
    command: { kind: "command", name: "start", task: null, text: "/foreman start" },
    actor: request.actor,
    snapshot: loaded.snapshot,
    document: loaded.document,
    // The text being approved is the one Foreman itself just wrote from the accepted draft.
    spec: loaded.document.spec,
    taskOfIssue: null,
    planLabel: repository.config.label,
    formatReferenceUrl: dependencies.formatReferenceUrl,
  });
  if (decision.intent.kind !== "approve") {
    await reply(decision.reply?.kind === "text" ? decision.reply.text : `plan #${plan} cannot start.`);
    return;
  }
  await runPlanReconcile(repository.shell, {
    planNumber: plan,
    intent: decision.intent,
    loaded,
    first: decision.writes,
  });
  await reply(
    `accepted the [draft](${latest.comment.url}): its ${acceptance.graph.tasks.length} tasks are in the issue below the goal, and the plan has started.`,
  );
}
