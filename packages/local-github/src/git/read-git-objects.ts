import { runGit } from "./run-git.ts";

export interface GitObject {
  sha: string;
  type: "blob" | "tree" | "commit" | "tag";
  size: number;
  /** Empty when only the header was asked for. */
  content: Buffer;
}

const HEADER = /^([0-9a-f]{40,64}) (\w+) (\d+)$/;

function isObjectType(type: string): type is GitObject["type"] {
  return type === "blob" || type === "tree" || type === "commit" || type === "tag";
}

/**
 * Looks up many objects in one `git cat-file --batch` process. Each spec is anything git's revision
 * syntax names (`<sha>`, `main:README.md`, `<sha>^{tree}`); a spec that names nothing yields null.
 * Specs are line-based, so one containing a line break is answered null without asking git.
 */
export async function readGitObjects(
  gitDir: string,
  specs: string[],
  options: { withContent: boolean },
): Promise<Array<GitObject | null>> {
  const askable = specs.map((spec) => spec !== "" && !/[\r\n]/.test(spec));
  const asked = specs.filter((_, position) => askable[position]);
  if (asked.length === 0) return specs.map(() => null);
  const { stdout } = await runGit(["cat-file", options.withContent ? "--batch" : "--batch-check"], {
    cwd: gitDir,
    input: `${asked.join("\n")}\n`,
  });
  const answers: Array<GitObject | null> = [];
  let offset = 0;
  for (const spec of asked) {
    const lineEnd = stdout.indexOf(10, offset);
    if (lineEnd < 0) throw new Error(`git cat-file stopped answering before "${spec}" in ${gitDir}`);
    const header = stdout.subarray(offset, lineEnd).toString("utf8");
    offset = lineEnd + 1;
    const match = HEADER.exec(header);
    if (!match) {
      answers.push(null);
      continue;
    }
    const [, sha = "", type = "", sizeText = "0"] = match;
    if (!isObjectType(type))
      throw new Error(`git cat-file answered "${header}" for "${spec}": unknown object type`);
    const size = Number(sizeText);
    let content = Buffer.alloc(0);
    if (options.withContent) {
      content = Buffer.from(stdout.subarray(offset, offset + size));
      offset += size + 1;
    }
    answers.push({ sha, type, size, content });
  }
  let next = 0;
  return specs.map((_, position) => (askable[position] ? (answers[next++] ?? null) : null));
}
