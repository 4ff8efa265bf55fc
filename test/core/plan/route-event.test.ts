import { describe, expect, it } from "vitest";
import { hashPlanText } from "../../../src/core/plan/hash-plan-text.ts";
import { parseForemanEvent } from "../../../src/core/plan/parse-foreman-event.ts";
import { routeEvent } from "../../../src/core/plan/route-event.ts";

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
});
