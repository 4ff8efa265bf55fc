/** An author or committer line as git stores it, keeping the original time zone for replays. */
export interface GitSignature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** As written by git: `+0200`, `-0700`. */
  timezone: string;
}

export interface ParsedCommit {
  sha: string;
  tree: string;
  parents: string[];
  author: GitSignature;
  committer: GitSignature;
  message: string;
}

function parseSignature(line: string, sha: string): GitSignature {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!match)
    throw new Error(`commit ${sha} has a malformed signature line "${line}"; is the object corrupt?`);
  const [, name = "", email = "", timestamp = "0", timezone = "+0000"] = match;
  return { name, email, timestamp: Number(timestamp), timezone };
}

/** Parses the raw text of a commit object (`git cat-file commit`). Unknown headers (gpgsig…) are skipped. */
export function parseCommitObject(sha: string, raw: Buffer): ParsedCommit {
  const text = raw.toString("utf8");
  const headerEnd = text.indexOf("\n\n");
  const headerText = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const message = headerEnd < 0 ? "" : text.slice(headerEnd + 2);
  let tree: string | undefined;
  let author: GitSignature | undefined;
  let committer: GitSignature | undefined;
  const parents: string[] = [];
  for (const line of headerText.split("\n")) {
    // Continuation lines (a leading space) belong to multi-line headers such as signatures.
    if (line.startsWith(" ")) continue;
    const space = line.indexOf(" ");
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === "tree") tree = value;
    else if (key === "parent") parents.push(value);
    else if (key === "author") author = parseSignature(value, sha);
    else if (key === "committer") committer = parseSignature(value, sha);
  }
  if (!tree || !author || !committer) {
    throw new Error(`commit ${sha} lacks a tree, author or committer header; is the object corrupt?`);
  }
  return { sha, tree, parents, author, committer, message };
}

/** GitHub's API renders commit dates in UTC without fractions: `2011-04-14T16:00:49Z`. */
export function signatureDate(signature: GitSignature): string {
  return new Date(signature.timestamp * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}
