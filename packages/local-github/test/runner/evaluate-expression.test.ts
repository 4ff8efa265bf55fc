import { describe, expect, it } from "vitest";
import {
  type ExpressionContext,
  ExpressionError,
  evaluateCondition,
  evaluateExpression,
  renderTemplate,
} from "../../src/runner/evaluate-expression.ts";

const context = (status: ExpressionContext["status"] = "success"): ExpressionContext => ({
  status,
  contexts: {
    github: {
      event_name: "push",
      ref: "refs/heads/main",
      event: { pull_request: { labels: [{ name: "bug" }] } },
    },
    inputs: { who: "Alice", count: "3", flag: true },
    env: { GREETING: "hello" },
    secrets: { TOKEN: "s3cret" },
    steps: { build: { outputs: { version: "1.2" }, outcome: "success", conclusion: "success" } },
  },
});

describe("GitHub Actions expressions", () => {
  it.each([
    ["inputs.who", "Alice"],
    ["inputs['who']", "Alice"],
    ["github.event.pull_request.labels[0].name", "bug"],
    ["steps.build.outputs.version", "1.2"],
    ["steps.missing.outputs.version", null],
    ["env.GREETING == 'HELLO'", true],
    ["inputs.count == 3", true],
    ["inputs.count > 2 && inputs.count < 4", true],
    ["!inputs.flag", false],
    ["inputs.missing || 'fallback'", "fallback"],
    ["inputs.who && 'yes'", "yes"],
    ["contains(github.ref, 'MAIN')", true],
    ["startsWith(github.ref, 'refs/heads/')", true],
    ["endsWith(github.ref, '/main')", true],
    ["format('{0}-{1}', inputs.who, 'x')", "Alice-x"],
    ["fromJSON('[1,2]')[1]", 2],
    ["toJSON(inputs.count)", '"3"'],
    ["join(fromJSON('[\"a\",\"b\"]'), '+')", "a+b"],
    ["'it''s'", "it's"],
    ["null == ''", true],
  ])("%s → %j", (source, value) => {
    expect(evaluateExpression(source, context())).toEqual(value);
  });

  it("renders templates, with null as empty text", () => {
    expect(
      renderTemplate(`hi \${{ inputs.who }}\${{ inputs.none }} (\${{ github.event_name }})`, context()),
    ).toBe("hi Alice (push)");
  });

  it.each([
    [undefined, "success", true],
    [undefined, "failure", false],
    ["failure()", "failure", true],
    ["always()", "cancelled", true],
    [`\${{ inputs.flag }}`, "success", true],
    [`\${{ inputs.flag }}`, "failure", false],
    ["inputs.who == 'bob'", "success", false],
    ["cancelled()", "success", false],
  ] as const)("if: %j when the job is %s → %s", (condition, status, expected) => {
    expect(evaluateCondition(condition, context(status))).toBe(expected);
  });

  it.each([["hashFiles('**')"], ["nosuch.context"], ["inputs.who =="], ["'open"], ["github.*.name"]])(
    "refuses %s with an ExpressionError",
    (source) => {
      expect(() => evaluateExpression(source, context())).toThrow(ExpressionError);
    },
  );
});
