/**
 * The first commit of a repository the emulator seeds (`foreman emulator --repo acme/demo`): a tiny
 * JavaScript project whose own `node --test` suite is what the local CI runs as a required check, and
 * the task workflow Foreman dispatches. Deliberately without `.github/foreman.yml`: the defaults apply
 * until someone adds one.
 */
export function demoRepositoryFiles(fullName: string): Record<string, string> {
  const [, name = fullName] = fullName.split("/");
  const packageName =
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[-._]+|-+$/g, "") || "foreman-demo";
  return {
    "README.md": readme(fullName),
    "package.json": `${JSON.stringify(
      {
        name: packageName,
        version: "1.0.0",
        private: true,
        description: "A Foreman demo repository: a small calculator with a node:test suite.",
        type: "module",
        scripts: { test: "node --test" },
      },
      null,
      2,
    )}\n`,
    ".gitignore": "node_modules/\n",
    "src/calculator.js": CALCULATOR,
    "test/calculator.test.js": CALCULATOR_TEST,
    ".github/workflows/foreman-task.yml": FOREMAN_TASK_WORKFLOW,
  };
}

function readme(fullName: string): string {
  return `# ${fullName}

A **Foreman demo repository**, seeded by Foreman's local GitHub emulator. It exists so that Foreman can
be tried end to end without a GitHub account: write a task list in an issue, label it \`foreman\`, and
watch Foreman open child issues, run each task as a \`foreman-task\` workflow job, and merge the pull
requests whose checks pass.

## What is here

- \`src/calculator.js\` — a small module for tasks to extend.
- \`test/calculator.test.js\` — its tests, run with \`npm test\` (\`node --test\`, no dependencies). The
  local CI runs them on every pull request as the required check \`test\`.
- \`.github/workflows/foreman-task.yml\` — the workflow Foreman dispatches for each task attempt.

## Try it

\`\`\`sh
npm test
\`\`\`
`;
}

const CALCULATOR = `/** Adds two numbers. */
export function add(a, b) {
  return a + b;
}

/** Subtracts b from a. */
export function subtract(a, b) {
  return a - b;
}

/** Multiplies two numbers. */
export function multiply(a, b) {
  return a * b;
}

/** Divides a by b; dividing by zero is a mistake worth hearing about, not Infinity. */
export function divide(a, b) {
  if (b === 0) throw new RangeError("divide: cannot divide by zero");
  return a / b;
}
`;

const CALCULATOR_TEST = `import assert from "node:assert/strict";
import { test } from "node:test";
import { add, divide, multiply, subtract } from "../src/calculator.js";

test("add sums two numbers", () => {
  assert.equal(add(2, 3), 5);
});

test("subtract takes the second number from the first", () => {
  assert.equal(subtract(7, 4), 3);
});

test("multiply multiplies", () => {
  assert.equal(multiply(6, 7), 42);
});

test("divide divides and refuses zero", () => {
  assert.equal(divide(9, 3), 3);
  assert.throws(() => divide(1, 0), RangeError);
});
`;

const FOREMAN_TASK_WORKFLOW = `# Dispatched by Foreman once per task attempt; see https://github.com/foreman-dev/foreman.
name: Foreman task
run-name: "Foreman: plan #\${{ inputs.plan }}, task \${{ inputs.task }}, attempt \${{ inputs.attempt }}"

on:
  workflow_dispatch:
    inputs:
      plan:
        description: Number of the plan issue
        required: true
        type: string
      task:
        description: Id of the task within the plan
        required: true
        type: string
      attempt:
        description: Attempt number, starting at 1
        required: true
        type: string

permissions:
  contents: write
  pull-requests: write
  issues: write

concurrency:
  group: foreman-\${{ inputs.plan }}-\${{ inputs.task }}
  cancel-in-progress: false

jobs:
  task:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: foreman-dev/foreman/action@v1
        with:
          plan: \${{ inputs.plan }}
          task: \${{ inputs.task }}
          attempt: \${{ inputs.attempt }}
          anthropic_api_key: \${{ secrets.ANTHROPIC_API_KEY }}
`;
