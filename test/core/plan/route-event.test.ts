import { createRequire } from "node:module";
import type { WebhookDefinition } from "@octokit/webhooks-examples";
import { describe, expect, it } from "vitest";
import { hashPlanText } from "../../../src/core/plan/hash-plan-text.ts";
import { parseForemanEvent } from "../../../src/core/plan/parse-foreman-event.ts";
import { routeEvent } from "../../../src/core/plan/route-event.ts";

const definitions: WebhookDefinition[] = createRequire(import.meta.url)("@octokit/webhooks-examples");
// biome-ignore lint/suspicious/noExplicitAny: GitHub's example payloads, reshaped per test
function examplePayload(event: string, action: string): any {
  const found = definitions
    .find((definition) => definition.name === event)
    ?.examples.find((example) => (example as { action?: string }).action === action);
  if (!found) throw new Error(`no ${event}.${action} example`);
  return structuredClone(found);
}
const who = { label: "foreman", selfLogin: "foreman[bot]" };
const issue = (fields: Record<string, unknown> = {}) => ({
  number: 5,
  body: "# Plan\n",
  labels: [{ name: "foreman" }],
  user: { login: "alice" },
  ...fields,
});
const route = (name: string, payload: unknown) => routeEvent(parseForemanEvent(name, payload), who);
const footer = "\n\n<!-- foreman:task plan=5 task=T1 spec=s -->\n";

describe("routeEvent", () => {
  it("starts a plan when its label is added, binding the text the event carried", () => {
    expect(
      route("issues", {
        action: "labeled",
        issue: issue(),
        label: { name: "foreman" },
        sender: { login: "alice" },
      }),
    ).toEqual({
      kind: "start",
      plan: 5,
      start: { actor: { login: "alice", type: "User" }, spec: hashPlanText("# Plan\n") },
    });
  });

  it("finds the plan of a task issue from Foreman's own footer, and only claims it for anyone else's", () => {
    const own = issue({ number: 9, labels: [], body: `text${footer}`, user: { login: "foreman[bot]" } });
    expect(route("issues", { action: "edited", issue: own, sender: { login: "bob" } })).toMatchObject({
      kind: "sync",
      claims: [{ plan: 5, task: "T1", adopted: null }],
    });
    const theirs = { ...own, user: { login: "bob" } };
    expect(route("issues", { action: "edited", issue: theirs, sender: { login: "bob" } })).toMatchObject({
      claims: [{ plan: 5, adopted: 9 }],
    });
    const hidden = { ...own, body: `<!-- foreman:task plan=5 task=T1 spec=s -->\nmore text` };
    expect(route("issues", { action: "edited", issue: hidden, sender: { login: "bob" } })).toEqual({
      kind: "ignore",
    });
  });

  it("counts a plan's edit as a start only while it never started, and ignores Foreman's own edits", () => {
    expect(route("issues", { action: "edited", issue: issue(), sender: { login: "alice" } })).toMatchObject({
      kind: "sync",
      startIfNew: { actor: { login: "alice" } },
    });
    expect(route("issues", { action: "edited", issue: issue(), sender: { login: "foreman[bot]" } })).toEqual({
      kind: "ignore",
    });
    expect(
      route("issues", { action: "closed", issue: issue({ labels: [] }), sender: { login: "foreman[bot]" } }),
    ).toMatchObject({ kind: "sync", claims: [], released: 5 });
  });

  it("routes commands, task branch activity and ignores what concerns no plan", () => {
    const comment = { id: 3, body: "/foreman status", user: { login: "alice" } };
    expect(route("issue_comment", { action: "created", issue: issue(), comment })).toMatchObject({
      kind: "command",
      claim: { plan: 5 },
      command: { name: "status" },
    });
    expect(route("workflow_run", { workflow_run: { head_branch: "foreman/12/T3" } })).toMatchObject({
      kind: "sync",
      claims: [{ plan: 12, task: "T3" }],
    });
    expect(
      route("check_run", { check_run: { check_suite: { head_branch: "main" }, pull_requests: [] } }),
    ).toEqual({
      kind: "ignore",
    });
    expect(route("status", { branches: [{ name: "foreman/4/T1" }, { name: "foreman/4/T2" }] })).toMatchObject(
      {
        claims: [{ plan: 4 }],
      },
    );
    expect(route("push", {})).toEqual({ kind: "ignore" });
  });

  it("turns a press of foreman/verify's Retry or Skip on a task PR into that command, and ignores other buttons", () => {
    // GitHub's own example, with Foreman's check and a task branch in place of another app's.
    const example = examplePayload("check_run", "requested_action");
    const pressed = (identifier: string, name = "foreman/verify", sender = "alice") => ({
      ...example,
      sender: { ...example.sender, login: sender },
      requested_action: { identifier },
      check_run: {
        ...example.check_run,
        name,
        check_suite: { ...example.check_run.check_suite, head_branch: "foreman/12/T3" },
        pull_requests: [
          { ...example.check_run.pull_requests[0], number: 40, head: { ref: "foreman/12/T3" } },
        ],
      },
    });
    expect(route("check_run", pressed("skip"))).toEqual({
      kind: "button",
      claim: { plan: 12, task: "T3", adopted: null },
      command: { kind: "command", name: "skip", task: "T3", text: "/foreman skip T3" },
      press: {
        checkRunId: example.check_run.id,
        identifier: "skip",
        sender: { login: "alice", type: "User" },
        replyOn: 40,
      },
    });
    expect(route("check_run", pressed("retry"))).toMatchObject({
      kind: "button",
      command: { name: "retry" },
    });
    expect(route("check_run", pressed("cancel"))).toEqual({ kind: "ignore" });
    expect(route("check_run", pressed("skip", "lint"))).toEqual({ kind: "ignore" });
    expect(route("check_run", pressed("skip", "foreman/verify", "foreman[bot]"))).toEqual({ kind: "ignore" });
    // GitHub's example as sent: another app's button on a branch of no plan.
    expect(route("check_run", example)).toEqual({ kind: "ignore" });
  });

  it("without the config, ignores what concerns no plan whatever it says, and asks for it where the label decides", () => {
    const early = (name: string, payload: unknown) =>
      routeEvent(parseForemanEvent(name, payload), { label: null, selfLogin: "foreman[bot]" });
    const own = { login: "foreman[bot]" };
    const ownComment = { id: 3, body: "/foreman status", user: own };
    expect(early("issue_comment", { action: "created", issue: issue(), comment: ownComment })).toEqual({
      kind: "ignore",
    });
    const chatter = { id: 4, body: "Looks good to me", user: { login: "alice" } };
    expect(early("issue_comment", { action: "created", issue: issue(), comment: chatter })).toEqual({
      kind: "ignore",
    });
    expect(early("issues", { action: "edited", issue: issue(), sender: own })).toEqual({ kind: "ignore" });
    expect(
      early("check_run", { check_run: { check_suite: { head_branch: "main" }, pull_requests: [] } }),
    ).toEqual({ kind: "ignore" });
    // The label, a command, a person's edit and a closed issue's blocked issues need the config's label.
    const command = { ...chatter, body: "/foreman status" };
    expect(early("issue_comment", { action: "created", issue: issue(), comment: command })).toEqual({
      kind: "needs-config",
    });
    expect(
      early("issues", {
        action: "labeled",
        issue: issue(),
        label: { name: "foreman" },
        sender: { login: "alice" },
      }),
    ).toEqual({ kind: "needs-config" });
    expect(early("issues", { action: "closed", issue: issue(), sender: own })).toEqual({
      kind: "needs-config",
    });
    // Task branch activity names its plan without a label.
    expect(early("workflow_run", { workflow_run: { head_branch: "foreman/12/T3" } })).toMatchObject({
      kind: "sync",
      claims: [{ plan: 12, task: "T3" }],
    });
  });

  it("routes a merge group's checks request to the pull request in it", () => {
    expect(route("merge_group", examplePayload("merge_group", "checks_requested"))).toEqual({
      kind: "merge-group",
      pullNumbers: [104],
    });
    expect(route("merge_group", { action: "destroyed", merge_group: { head_ref: "x/pr-1-abc" } })).toEqual({
      kind: "ignore",
    });
  });
});
