/** The command reference Foreman replies with for `/foreman help` and unknown commands. */
export function renderHelp(formatReferenceUrl: string): string {
  return [
    "**Foreman commands** — for people with write access, on the plan issue or one of its task issues:",
    "",
    "| Command | What it does |",
    "|---|---|",
    "| `/foreman start` | approve the plan text as it is and create its task issues |",
    "| `/foreman status` | reply with the plan's progress |",
    "| `/foreman pause` · `/foreman resume` | stop / continue starting new tasks |",
    "| `/foreman cancel` | close every unfinished task; merged work stays |",
    "| `/foreman replan` | approve the edited plan text and apply its task changes |",
    "| `/foreman retry <task>` | give a skipped or escalated task another go |",
    "| `/foreman skip <task>` | close a task as not planned; its dependents go ahead |",
    "| `/foreman draft` | on an issue stating a goal: ask clarifying questions, then draft a plan (`--no-questions` drafts at once) |",
    "| `/foreman answer` · `/foreman accept` | answer the questions (numbered) · write the draft into the issue and start it |",
    "| `/foreman help` | this list |",
    "",
    `How to write a plan: [docs/task-format.md](${formatReferenceUrl}).`,
  ].join("\n");
}
