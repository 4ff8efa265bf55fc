export interface ChangedFile {
  filename: string;
  status: "added" | "modified" | "removed" | "renamed";
  additions: number;
  deletions: number;
  previousFilename?: string;
}

const STATUS_BY_LETTER: Record<string, ChangedFile["status"]> = {
  A: "added",
  M: "modified",
  // A type change (file ↔ symlink) is a modification of the same path as far as a pull request shows.
  T: "modified",
  D: "removed",
  R: "renamed",
};

/**
 * Parses `git diff --raw --numstat -z -M` output: first one raw record per file
 * (`:modes shas STATUS\0path\0[newpath\0]`), then one numstat record per file in the same order
 * (`added\tdeleted\tpath\0`, or `added\tdeleted\t\0old\0new\0` for a rename). Binary files count 0/0.
 */
export function parseChangedFiles(output: Buffer): ChangedFile[] {
  const tokens = output.toString("utf8").split("\0");
  const files: ChangedFile[] = [];
  let index = 0;
  while (index < tokens.length && tokens[index]?.startsWith(":")) {
    const header = tokens[index] ?? "";
    const letter = header.split(" ").at(-1)?.charAt(0) ?? "";
    const status = STATUS_BY_LETTER[letter];
    if (!status)
      throw new Error(`git diff reported status "${letter}" (in "${header}"), which has no mapping`);
    const firstPath = tokens[index + 1] ?? "";
    if (status === "renamed") {
      files.push({
        filename: tokens[index + 2] ?? "",
        status,
        additions: 0,
        deletions: 0,
        previousFilename: firstPath,
      });
      index += 3;
    } else {
      files.push({ filename: firstPath, status, additions: 0, deletions: 0 });
      index += 2;
    }
  }
  for (const file of files) {
    const [added = "-", deleted = "-", path = ""] = (tokens[index] ?? "").split("\t");
    // A rename's numstat record has an empty path followed by the old and new paths as their own tokens.
    index += path === "" ? 3 : 1;
    file.additions = added === "-" ? 0 : Number(added);
    file.deletions = deleted === "-" ? 0 : Number(deleted);
  }
  return files;
}
