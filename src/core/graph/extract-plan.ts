import type { Code, Heading, List, ListItem, Nodes, Root, RootContent } from "mdast";
import { applyField, type Place, plainValue, splitFiles } from "./apply-field.ts";
import { type DraftPlan, type DraftTask, newDraftTask } from "./draft-task.ts";
import { type FieldKey, readLine } from "./read-fields.ts";
import { classifyHeading, type HeadingKind, LOOKS_LIKE_TASK, type SectionKind } from "./read-heading.ts";
import type { OrderLine } from "./read-order-statements.ts";
import { checkboxStatus, readTrailingStatus } from "./read-status.ts";
import { readYamlMapping } from "./read-yaml-mapping.ts";
import type { Diagnostic } from "./task-graph.ts";

interface SourceLine {
  text: string;
  line: number;
  column: number;
}

/** Concatenated text of a node, without markdown syntax. */
function plainText(node: Nodes): string {
  if ("value" in node && typeof node.value === "string") return node.value;
  if ("children" in node) return node.children.map((child) => plainText(child as Nodes)).join("");
  return "";
}

// `[ ]`, `[x]`, `[✓]`, `[→]`… followed by an optional `*` (optional task) at the start of an item.
const CHECKBOX = /^\[([ xX✓✔→~/>-])\](\*)?\s*/;
// Leading id of a checklist task: `**T004**`, `T012`, `2.1`, `1.`, `#123`.
// Ids may carry a letter for an inserted task (`T024a`); an id in bold is the whole bold text
// (`**T004**`, never `**BM25 Scope**`); a bare number is an id only with a separator (`1.`, `2.1`), since
// `- [ ] 9 skills updated` counts things. `001.md` is a CCPM task file.
const CHECKLIST_ID =
  /^(?:(?:\*\*|__)(#\d+|[A-Z]{1,8}-?\d+[a-z]?(?:\.\d+)*|\d+(?:\.\d+)*)(?:\*\*|__)|(#\d+|[A-Z]{1,8}-?\d+[a-z]?(?:\.\d+)*|\d+(?:\.\d+)+|\d+(?=[:.)])|\d+-\d+(?=[:.)]|\s)|\d{3,}(?=\.md\b)))(?:\.md\b)?(?:[:.)]|(?=\s)|$)\s*(?:[-–—]\s+)?/;
/** Plan sections whose checklists are criteria to meet, not tasks to run. */
const NOT_TASKS =
  /^(?:success\s+criteria|completion(?:\s+checklist)?|validation(?:\s+checklist)?|acceptance(?:\s+criteria)?|definition\s+of\s+done|done\s+when|exit\s+criteria|quality\s+gates?|review\s+checklist|checklist|(?:final\s+)?verification(?:\s+checklist)?|test(?:ing)?\s+checklist|requirements|notes?|risks?|task\s+breakdown(?:\s+preview)?|overview)\b/i;
// `- [ ] Phase 1: Setup` above the phases lists them; it is not a task.
const GROUP_ITEM = /^(?:\*\*|__)?(?:phase|stage|milestone|sprint|user\s+story|story|epic)\s+\d+(?:\.\d+)*\b/i;
const PARALLEL_MARK = /\s*`?(?:\[P\]|\(P\))`?/g;
// CCPM: `(parallel: true)`, `(parallel: false, conflicts with 002)`, `(parallel: true, depends on: 001)`.
const CCPM_MARKS = /\s*\(((?:parallel|depends[ _]on|conflicts[ _]with)\b[^)]*)\)/gi;
const TAG_MARK = /\s*\[([A-Za-z][\w-]{0,15})\](?!\()/g;
const INLINE_RELATION =
  /\s*\((depends on|depends|after|blocked by|requires|needs|blocks|before|parallel with|conflicts with)\s*:?\s*([^)]*)\)/gi;
const PATH_LIKE = /^(?:[\w.@-]+\/)+[\w.@-]+$|^[\w@-]+\.[A-Za-z0-9]{1,6}$/;
const YAML_TASK_KEYS: Readonly<Record<string, FieldKey>> = {
  depends_on: "deps",
  dependsOn: "deps",
  deps: "deps",
  dependencies: "deps",
  after: "deps",
  blocked_by: "deps",
  blocks: "blocks",
  parallel_with: "parallelWith",
  parallelWith: "parallelWith",
  conflicts_with: "conflictsWith",
  conflictsWith: "conflictsWith",
  files: "files",
  priority: "priority",
  complexity: "complexity",
  labels: "labels",
  type: "type",
  agent: "agent",
  role: "agent",
  status: "status",
  optional: "optional",
  parallel: "parallel",
};
class PlanReader {
  readonly diagnostics: Diagnostic[] = [];
  readonly tasks: DraftTask[] = [];
  readonly orderLines: OrderLine[] = [];
  readonly phases: Array<{ name: string; line: number }> = [];
  readonly summary: string[] = [];
  settings: Record<string, unknown> = {};
  title: string | null = null;

  private phase: { name: string; depth: number } | null = null;
  private task: { draft: DraftTask; depth: number } | null = null;
  /** A CCPM task file: its front matter says the dependencies; its Dependencies section is prose. */
  private singleTask = false;
  /** Tasks defined by YAML blocks inside the current task, placed after it. */
  private readonly embedded: DraftTask[] = [];
  private section: SectionKind = "description";
  private planSection: { kind: "dependencies" | "other" | "not-tasks"; depth: number } | null = null;

  constructor(private readonly text: string) {}

  private source(node: Nodes): string {
    return this.text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
  }

  private lines(node: Nodes): SourceLine[] {
    const start = node.position?.start;
    if (!start) return [];
    return this.source(node)
      .split("\n")
      .map((text, index) => ({ text, line: start.line + index, column: index === 0 ? start.column : 1 }));
  }

  private at(node: Nodes): Place {
    return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
  }

  /**
   * A CCPM task file (front matter `name`, `depends_on`, `parallel`, `conflicts_with`) is one task: the
   * whole document is its text. Its `depends_on` names other task files; after CCPM's sync those are
   * issue numbers, which become dependencies on those issues.
   */
  startSingleTask(frontMatter: Record<string, unknown>): void {
    const issue = /\/issues\/(\d+)/.exec(String(frontMatter.github ?? ""))?.[1];
    const draft = newDraftTask(issue ?? "1", 2, 1);
    draft.title = String(frontMatter.name);
    if (typeof frontMatter.status === "string")
      applyField(draft, "status", frontMatter.status, { line: 2, column: 1 }, this.diagnostics);
    const deps = Array.isArray(frontMatter.depends_on) ? frontMatter.depends_on.map(String) : [];
    const issues = deps.filter((dep) => /^[1-9]\d*$/.test(dep));
    const files = deps.filter((dep) => !issues.includes(dep));
    if (files.length > 0)
      this.diagnostics.push({
        severity: "warning",
        code: "task-file-dependency",
        line: 2,
        column: 1,
        message: `this task depends on task file${files.length === 1 ? "" : "s"} ${files.join(", ")}, which ${files.length === 1 ? "is" : "are"} not in this document, so that order is not kept`,
        hint: "Use the epic (its Tasks Created list) as the plan, or sync the epic so the task files become issues.",
      });
    if (issues.length > 0)
      applyField(
        draft,
        "deps",
        issues.map((dep) => `#${dep}`).join(", "),
        { line: 2, column: 1 },
        this.diagnostics,
      );
    if (frontMatter.parallel !== undefined)
      draft.parallel = frontMatter.parallel === true || frontMatter.parallel === "true";
    this.task = { draft, depth: 0 };
    this.singleTask = true;
  }

  read(root: Root): void {
    const headings = this.classifyHeadings(root.children);
    root.children.forEach((block, index) => {
      if (block.type === "heading")
        this.readHeading(block, headings.get(index) ?? { kind: "other", text: "" });
      else if (this.task) this.readTaskBlock(this.task.draft, block);
      else this.readPlanBlock(block);
    });
    this.finishTask();
  }

  /**
   * Classifies every heading, then demotes a task heading that contains other task headings which are
   * not its numbered subtasks (seed 000: "# Task 003: …" holding "### Task 1" … "### Task 5"): it is the
   * document's title or a group, not a task.
   */
  private classifyHeadings(blocks: RootContent[]): Map<number, HeadingKind> {
    const kinds = new Map<number, HeadingKind>();
    blocks.forEach((block, index) => {
      if (block.type === "heading") kinds.set(index, classifyHeading(plainText(block)));
    });
    this.warnOfTaskLikeHeadings(blocks, kinds);
    for (const [index, kind] of kinds) {
      if (kind.kind !== "task") continue;
      const depth = (blocks[index] as Heading).depth;
      const nested: string[] = [];
      for (let next = index + 1; next < blocks.length; next++) {
        const block = blocks[next];
        if (block?.type !== "heading") continue;
        if (block.depth <= depth) break;
        const inner = kinds.get(next);
        if (inner?.kind === "task") nested.push(inner.id);
      }
      if (nested.length > 0 && !nested.every((id) => id.startsWith(`${kind.id}.`))) {
        const idPart = /^\d/.test(kind.idWritten) ? `Task ${kind.idWritten}` : kind.idWritten;
        kinds.set(index, { kind: "other", text: `${idPart}: ${kind.title}` });
      }
    }
    return kinds;
  }

  /**
   * A heading at the depth of the document's task headings that starts like one ("T2 Add models",
   * "Task 4") but is read as none would take its text out of every task without a word.
   */
  private warnOfTaskLikeHeadings(blocks: RootContent[], kinds: Map<number, HeadingKind>): void {
    const taskDepths = new Set<number>();
    for (const [index, kind] of kinds)
      if (kind.kind === "task") taskDepths.add((blocks[index] as Heading).depth);
    for (const [index, kind] of kinds) {
      const heading = blocks[index] as Heading;
      if (kind.kind !== "other" || !taskDepths.has(heading.depth) || !LOOKS_LIKE_TASK.test(kind.text))
        continue;
      const at = this.at(heading);
      this.diagnostics.push({
        severity: "warning",
        code: "heading-not-a-task",
        line: at.line,
        column: at.column,
        message: `the heading '${kind.text}' is not read as a task, so nothing under it belongs to one`,
        hint: "Write it as the other tasks are (`T2: Title` or `Task 2: Title`) if it is a task.",
      });
    }
  }

  private readHeading(heading: Heading, kind: HeadingKind): void {
    const current = this.task;
    if (current && heading.depth > current.depth && kind.kind !== "task") {
      const step = readLine(plainText(heading));
      if (step.kind === "step") {
        this.section = "steps";
        current.draft.steps.push({ text: step.text, done: false });
        return;
      }
      this.section =
        kind.kind === "section"
          ? kind.section
          : kind.kind === "dependencies" && !this.singleTask
            ? "deps"
            : "description";
      if (this.singleTask && this.section === "deps") this.section = "description";
      if (kind.kind !== "section" && kind.kind !== "dependencies")
        current.draft.description.push(this.source(heading));
      return;
    }
    this.finishTask();
    // Subheadings of the plan's dependency section ("### User Story Dependencies", "### Parallel
    // Opportunities") are part of it.
    const section = this.planSection;
    if (section?.kind === "dependencies" && heading.depth > section.depth && kind.kind !== "task") return;
    if (this.phase && heading.depth <= this.phase.depth) this.phase = null;
    if (this.planSection && heading.depth <= this.planSection.depth) this.planSection = null;
    const at = this.at(heading);
    switch (kind.kind) {
      case "task": {
        const draft = newDraftTask(kind.id, at.line, at.column);
        if (kind.status) draft.status = kind.status;
        draft.phase = this.phase?.name ?? null;
        draft.title = this.readInlineMarks(draft, kind.title, at);
        this.task = { draft, depth: heading.depth };
        this.section = "description";
        return;
      }
      case "group":
        this.phase = { name: kind.name, depth: heading.depth };
        this.phases.push({ name: kind.name, line: at.line });
        return;
      case "dependencies":
        this.planSection = { kind: "dependencies", depth: heading.depth };
        return;
      default: {
        const text = kind.kind === "other" ? kind.text : kind.label;
        if (
          this.title === null &&
          this.tasks.length === 0 &&
          (heading.depth === 1 || this.summary.length === 0)
        ) {
          this.title = readTrailingStatus(text).rest || text;
          return;
        }
        this.planSection = { kind: NOT_TASKS.test(text) ? "not-tasks" : "other", depth: heading.depth };
        if (this.tasks.length === 0) this.summary.push(this.source(heading));
      }
    }
  }

  private finishTask(): void {
    if (!this.task) return;
    this.tasks.push(this.task.draft, ...this.embedded);
    this.embedded.length = 0;
    this.task = null;
  }

  // ---- plan-level blocks -------------------------------------------------------------------------

  private readPlanBlock(block: RootContent): void {
    const inDependencies = this.planSection?.kind === "dependencies";
    if (inDependencies && block.type !== "heading") {
      this.orderLines.push(...(block.type === "code" ? this.codeLines(block) : this.lines(block)));
      return;
    }
    if (block.type === "code" && block.lang === "mermaid") {
      this.orderLines.push(...this.codeLines(block));
      return;
    }
    if (block.type === "list") {
      const before = this.tasks.length;
      if (this.planSection?.kind !== "not-tasks")
        for (const item of block.children) this.readChecklistItem(item);
      if (this.tasks.length === before && this.tasks.length === 0) this.summary.push(this.source(block));
      return;
    }
    if (block.type === "code" && isForemanYaml(block)) {
      this.readPlanSettings(block);
      return;
    }
    if (block.type === "paragraph") {
      const lines = this.lines(block);
      if (!inDependencies && lines.some((line) => isDependencyLabel(line.text))) {
        this.planSection = { kind: "dependencies", depth: 7 };
      }
      if (this.planSection?.kind === "dependencies") {
        this.orderLines.push(...lines);
        return;
      }
      // A group's own `**Depends on**: Phase 1` (GSD roadmaps) orders the group.
      const group = this.phase;
      if (group)
        for (const line of lines) {
          const reading = readLine(line.text);
          if (reading.kind !== "fields") continue;
          for (const field of reading.fields)
            if (field.key === "deps" || field.key === "blocks")
              this.orderLines.push({
                ...line,
                text: `**${group.name}**: ${field.key === "deps" ? "depends on" : "blocks"} ${field.value}`,
              });
        }
    }
    if (this.tasks.length === 0 && !inDependencies && block.type !== "thematicBreak") {
      this.summary.push(this.source(block));
    }
  }

  private readPlanSettings(block: Code): void {
    const value = this.readYaml(block);
    if (value?.id !== undefined) this.tasks.push(this.yamlTask(value, block));
    else if (value) this.settings = { ...this.settings, ...value };
  }

  private readYaml(block: Code): Record<string, unknown> | null {
    const { value, diagnostics } = readYamlMapping(
      block.value,
      this.at(block).line + 1,
      "foreman YAML block",
    );
    this.diagnostics.push(...diagnostics);
    return value;
  }

  /** The lines of a code block (a flowchart, an order written as arrows), numbered as in the document. */
  private codeLines(block: Code): SourceLine[] {
    const first = this.at(block).line + 1;
    return block.value.split("\n").map((text, index) => ({ text, line: first + index, column: 1 }));
  }

  // ---- checklist tasks --------------------------------------------------------------------------

  /** `- [ ] T012 [P] [US1] text (depends on T010)`, `- [ ] **T004** …`, `- [ ] 2.1 (P) …`, `- [ ] #123`. */
  private readChecklistItem(item: ListItem): void {
    const first = item.children[0];
    if (first?.type !== "paragraph") return;
    const lines = this.lines(first);
    const head = lines[0];
    if (!head) return;
    // micromark starts a GFM task item's paragraph after the checkbox or at it, depending on what follows.
    const checkbox = CHECKBOX.exec(head.text);
    const gfmMark = item.checked === true ? "x" : item.checked === false ? " " : null;
    const mark = checkbox?.[1] ?? gfmMark;
    if (mark === null) return;
    const boxLength = checkbox?.[0].length ?? 0;
    const afterBox = head.text.slice(boxLength);
    if (GROUP_ITEM.test(afterBox)) return;
    const idMatch = CHECKLIST_ID.exec(afterBox);
    const at = { line: head.line, column: Math.max(1, head.column - (checkbox ? 0 : 4)) };
    const id = idMatch ? (idMatch[1] ?? idMatch[2] ?? "").replace(/\.$/, "") : "";
    const draft = newDraftTask(id, at.line, at.column);
    draft.idGenerated = !idMatch;
    draft.status = checkboxStatus(mark) ?? "todo";
    draft.optional = checkbox?.[2] === "*";
    draft.phase = this.phase?.name ?? null;
    if (id.startsWith("#")) draft.issue = Number(id.slice(1));
    let titleText = afterBox.slice(idMatch ? idMatch[0].length : 0);
    // A title broken mid-sentence by a soft line break goes on with the next line.
    let rest = lines.slice(1);
    while (
      rest[0] &&
      !/[.!?:)]\s*$/.test(titleText) &&
      /^\s*[a-z(`]/.test(rest[0].text) &&
      readLine(rest[0].text).kind === "text"
    ) {
      titleText = `${titleText.trimEnd()} ${rest[0].text.trim()}`;
      rest = rest.slice(1);
    }
    const titleColumn = head.column + boxLength + (idMatch ? idMatch[0].length : 0);
    draft.title = this.readInlineMarks(draft, titleText, { line: head.line, column: titleColumn });
    this.readTaskLines(draft, rest);
    for (const child of item.children.slice(1)) this.readTaskBlock(draft, child);
    this.section = "description";
    this.tasks.push(draft);
  }

  /**
   * Takes `[P]`, `(P)`, `[US1]`, `(depends on T1)` and a trailing status out of a task's title line,
   * records them on the task, and returns the clean title. File paths in inline code become Files.
   */
  private readInlineMarks(draft: DraftTask, text: string, at: Place): string {
    // Most titles hold no marks at all; they need no pattern but the status.
    if (!/[([`]/.test(text)) {
      const { status, rest } = readTrailingStatus(text);
      if (status) draft.status = status;
      return plainTitle(rest || text);
    }
    let title = text;
    for (const match of title.matchAll(INLINE_RELATION)) {
      const keyword = (match[1] ?? "").toLowerCase();
      const key: FieldKey = /blocks|before/.test(keyword)
        ? "blocks"
        : keyword === "parallel with"
          ? "parallelWith"
          : keyword === "conflicts with"
            ? "conflictsWith"
            : "deps";
      const valueOffset = (match.index ?? 0) + match[0].indexOf(match[2] ?? "");
      applyField(
        draft,
        key,
        match[2] ?? "",
        { line: at.line, column: at.column + valueOffset },
        this.diagnostics,
      );
    }
    title = title.replace(INLINE_RELATION, "");
    for (const match of title.matchAll(CCPM_MARKS)) {
      let offset = (match.index ?? 0) + match[0].indexOf("(") + 1;
      for (const part of (match[1] ?? "").split(/,\s*(?=(?:parallel|depends|conflicts)\b)/i)) {
        const [, key = "", value = ""] =
          /^\s*([a-z _]+?)\s*:?\s+(\S.*)$|^\s*([a-z _]+?)\s*:\s*(.*)$/i.exec(part) ?? [];
        const field: FieldKey | null = /^parallel$/i.test(key)
          ? "parallel"
          : /^depends/i.test(key)
            ? "deps"
            : /^conflicts/i.test(key)
              ? "conflictsWith"
              : null;
        if (field)
          applyField(draft, field, value, { line: at.line, column: at.column + offset }, this.diagnostics);
        offset += part.length + 1;
      }
    }
    title = title.replace(CCPM_MARKS, "");
    if (PARALLEL_MARK.test(title)) draft.parallel = true;
    title = title.replace(PARALLEL_MARK, "");
    for (const match of title.matchAll(TAG_MARK)) draft.labels.push(match[1] ?? "");
    title = title.replace(TAG_MARK, "");
    for (const match of title.matchAll(/`([^`]+)`/g)) {
      const candidate = (match[1] ?? "").trim();
      if (PATH_LIKE.test(candidate) && !draft.files.includes(candidate)) draft.files.push(candidate);
    }
    const { status, rest } = readTrailingStatus(title);
    if (status) draft.status = status;
    return plainTitle(rest || title);
  }

  // ---- blocks inside a task ---------------------------------------------------------------------

  private readTaskBlock(draft: DraftTask, block: RootContent): void {
    switch (block.type) {
      case "paragraph":
        this.readTaskLines(draft, this.lines(block));
        return;
      case "list":
        this.readTaskList(draft, block);
        return;
      case "code":
        this.readTaskCode(draft, block);
        return;
      case "thematicBreak":
        return;
      default:
        this.appendToSection(draft, this.source(block));
    }
  }

  private readTaskLines(draft: DraftTask, lines: SourceLine[]): void {
    const prose: string[] = [];
    const flush = () => {
      if (prose.length > 0) this.appendToSection(draft, prose.join("\n"));
      prose.length = 0;
    };
    for (const source of lines) {
      const reading = readLine(source.text);
      if (reading.kind === "fields") {
        flush();
        for (const field of reading.fields) {
          applyField(
            draft,
            field.key,
            field.value,
            { line: source.line, column: source.column + field.column - 1 },
            this.diagnostics,
          );
        }
      } else if (reading.kind === "step") {
        flush();
        this.section = "steps";
        draft.steps.push({ text: reading.text, done: false });
      } else if (reading.kind === "run") {
        flush();
        draft.verify.push(reading.command);
      } else if (reading.kind === "expected" && draft.verify.length > 0) {
        draft.verify[draft.verify.length - 1] += ` (expected: ${reading.text})`;
      } else if (reading.kind === "section") {
        flush();
        this.section = reading.section;
        if (reading.value) {
          const valueAt = { line: source.line, column: source.column + reading.column - 1 };
          this.appendValue(draft, reading.value, valueAt);
        }
      } else if (source.text.trim() !== "") {
        prose.push(source.text.trim());
      }
    }
    flush();
  }

  /** A value written on a section's label line (`**Files**: a.ts`, `**Objective**: …`). */
  private appendValue(draft: DraftTask, value: string, at: Place): void {
    switch (this.section) {
      case "deps":
        applyField(draft, "deps", value, at, this.diagnostics);
        return;
      case "files":
        applyField(draft, "files", value, at, this.diagnostics);
        return;
      default:
        this.appendToSection(draft, value);
    }
  }

  /** Prose that belongs to the current section: criteria and checks become one item per line. */
  private appendToSection(draft: DraftTask, markdown: string): void {
    switch (this.section) {
      case "acceptance":
        draft.acceptance.push(...nonEmptyLines(markdown));
        return;
      case "verify":
        draft.verify.push(...nonEmptyLines(markdown));
        return;
      case "specs":
        draft.specs.push(markdown);
        return;
      case "files":
        draft.files.push(...nonEmptyLines(markdown).flatMap(splitFiles));
        return;
      default:
        draft.description.push(markdown);
    }
  }

  private readTaskList(draft: DraftTask, list: List): void {
    const plainItems: string[] = [];
    for (const item of list.children) {
      const body = this.itemBody(item);
      // Field lines can follow an item as lazy continuation lines; they are fields, not item text.
      const kept: string[] = [];
      body.text.split("\n").forEach((line, index) => {
        const reading = readLine(line);
        if (reading.kind !== "fields") {
          kept.push(line);
          return;
        }
        for (const field of reading.fields) {
          const column = (index === 0 ? body.column : 1) + field.column - 1;
          applyField(draft, field.key, field.value, { line: body.line + index, column }, this.diagnostics);
        }
      });
      if (kept.every((line) => line.trim() === "")) continue;
      const itemText = kept.join("\n");
      const firstLine = kept[0] ?? "";
      const checkbox = CHECKBOX.exec(itemText);
      const text = itemText.slice(checkbox?.[0].length ?? 0).trimEnd();
      const valueAt = { line: body.line, column: body.column + (checkbox?.[0].length ?? 0) };
      switch (this.section) {
        case "steps":
          draft.steps.push({ text, done: checkboxStatus(checkbox?.[1] ?? " ") === "done" });
          break;
        case "acceptance":
          draft.acceptance.push(text);
          break;
        case "verify":
          draft.verify.push(text);
          break;
        case "files":
          draft.files.push(...splitFiles(firstLine));
          break;
        case "deps":
          applyField(draft, "deps", text, valueAt, this.diagnostics);
          break;
        default:
          if (checkbox) draft.steps.push({ text, done: checkboxStatus(checkbox[1] ?? " ") === "done" });
          else plainItems.push(`- ${text}`);
      }
    }
    if (plainItems.length > 0) {
      const target = this.section === "specs" ? draft.specs : draft.description;
      target.push(plainItems.join("\n"));
    }
    // A Files list ends with the list: what follows is the task's text again.
    if (this.section === "files") this.section = "description";
  }

  /** An item's markdown without its bullet (and, for GFM task items, with the checkbox kept). */
  private itemBody(item: ListItem): SourceLine {
    const first = item.children[0];
    const start = first?.position?.start ?? item.position?.start;
    const startOffset = start?.offset ?? 0;
    const raw = this.text.slice(startOffset, item.position?.end.offset ?? startOffset);
    const indent = (start?.column ?? 1) - 1;
    const dedented = raw
      .split("\n")
      .map((line, index) => (index === 0 ? line : line.replace(new RegExp(`^ {0,${indent}}`), "")))
      .join("\n");
    const boxed =
      item.checked !== null && item.checked !== undefined && !CHECKBOX.test(dedented)
        ? `[${item.checked ? "x" : " "}] ${dedented}`
        : dedented;
    return { text: boxed, line: start?.line ?? 1, column: start?.column ?? 1 };
  }

  private readTaskCode(draft: DraftTask, block: Code): void {
    if (isForemanYaml(block)) {
      const value = this.readYaml(block);
      if (!value) return;
      if (value.id !== undefined && String(value.id) !== draft.id)
        this.embedded.push(this.yamlTask(value, block));
      else this.applyYamlFields(draft, value, this.at(block));
      return;
    }
    if (this.section === "verify") {
      draft.verify.push(
        ...block.value
          .split("\n")
          .map((line) => line.trim())
          .filter((line) => line !== "" && !line.startsWith("#")),
      );
      return;
    }
    const target = this.section === "specs" ? draft.specs : draft.description;
    target.push(this.source(block));
  }

  /** A ```yaml foreman block with an `id` of its own defines a task of its own. */
  private yamlTask(fields: Record<string, unknown>, block: Code): DraftTask {
    const at = this.at(block);
    const task = newDraftTask(String(fields.id), at.line, at.column);
    task.phase = this.phase?.name ?? null;
    const { id: _id, title, description, ...rest } = fields;
    task.title = typeof title === "string" ? title : String(fields.id);
    if (typeof description === "string") task.description.push(description);
    this.applyYamlFields(task, rest, at);
    return task;
  }

  private applyYamlFields(draft: DraftTask, fields: Record<string, unknown>, at: Place): void {
    for (const [key, value] of Object.entries(fields)) {
      const field = YAML_TASK_KEYS[key];
      if (key === "acceptance" || key === "verify") {
        const items = Array.isArray(value) ? value.map(String) : [String(value)];
        (key === "acceptance" ? draft.acceptance : draft.verify).push(...items);
        continue;
      }
      if (!field) {
        this.diagnostics.push({
          severity: "warning",
          code: "unknown-field",
          line: at.line,
          column: at.column,
          message: `unknown key '${key}' in the foreman YAML block of ${draft.id || "this task"}`,
          hint: `Known keys: ${[...Object.keys(YAML_TASK_KEYS), "acceptance", "verify"].join(", ")}.`,
        });
        continue;
      }
      const text = Array.isArray(value) ? value.map(String).join(", ") : String(value);
      applyField(draft, field, text, { line: at.line + 1, column: 1 }, this.diagnostics);
    }
  }
}

function isForemanYaml(block: Code): boolean {
  return (block.lang === "yaml" || block.lang === "yml") && /\bforeman\b/.test(block.meta ?? "");
}

function isDependencyLabel(line: string): boolean {
  const reading = readLine(line);
  return reading.kind === "section" && reading.section === "deps" && reading.value === "";
}

function nonEmptyLines(markdown: string): string[] {
  return markdown
    .split("\n")
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "").trim())
    .filter(Boolean);
}

/** Title text without emphasis markers and stray separators. */
function plainTitle(text: string): string {
  return text
    .replace(/\*\*|__/g, "")
    .replace(/^\s*"([^"]+)"\s*$|^\s*“([^”]+)”\s*$/, "$1$2")
    .replace(/^[\s:–—-]+|[\s:–—-]+$/g, "")
    .replace(/\s{2,}/g, " ");
}

/** Walks a parsed document and collects the plan as written: tasks, fields, relations, settings. */
/** Front matter keys that make a document one CCPM task file rather than a plan of many tasks. */
const CCPM_TASK_KEYS = ["depends_on", "parallel", "conflicts_with"];

export function extractPlan(text: string, root: Root, frontMatter: Record<string, unknown>): DraftPlan {
  const reader = new PlanReader(text);
  const ccpmTask = typeof frontMatter.name === "string" && CCPM_TASK_KEYS.some((key) => key in frontMatter);
  if (ccpmTask) reader.startSingleTask(frontMatter);
  else reader.settings = { ...frontMatter };
  reader.read(root);
  return {
    title: reader.title === null ? null : plainValue(reader.title) || reader.title,
    summary: reader.summary.join("\n\n").trim(),
    settings: reader.settings,
    phases: reader.phases,
    tasks: reader.tasks,
    orderLines: reader.orderLines,
    diagnostics: reader.diagnostics,
  };
}
