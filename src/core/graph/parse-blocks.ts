import type {
  Blockquote,
  Code,
  Heading,
  Html,
  List,
  ListItem,
  Nodes,
  Paragraph,
  Root,
  RootContent,
  ThematicBreak,
} from "mdast";
import { readInlineText } from "./read-inline-text.ts";

type Point = NonNullable<Root["position"]>["start"];

/**
 * Containers nested deeper than this are read as text. No real plan nests a dozen lists or quotes; a
 * hostile one (`- - - - …` sixteen thousand times) would otherwise cost time for every level.
 */
const MAX_DEPTH = 12;

type ItemContainer = { kind: "item"; node: ListItem; list: List; contentColumn: number };
type Container = { kind: "root"; node: Root } | { kind: "quote"; node: Blockquote } | ItemContainer;

type Leaf =
  | { kind: "paragraph"; node: Paragraph; start: number; end: number }
  | { kind: "fenced"; node: Code; char: string; length: number; indent: number; lines: string[] }
  | { kind: "indented"; node: Code; lines: string[]; blankTail: number }
  | { kind: "html"; node: Html; until: RegExp | "blank"; start: number };

const HTML_UNTIL_MARKER: ReadonlyArray<[RegExp, RegExp]> = [
  [/^<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^<!--/, /-->/],
  [/^<\?/, /\?>/],
  [/^<![A-Za-z]/, />/],
  [/^<!\[CDATA\[/, /\]\]>/],
];
const HTML_BLOCK_TAG =
  /^<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:\s|\/?>|$)/i;
const HTML_COMPLETE_TAG =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$/;
const ATX = /^(#{1,6})(?:[ \t]+|$)/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;
const THEMATIC = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const SETEXT = /^(?:=+|-+)[ \t]*$/;
const BULLET = /^([-+*])(?=[ \t]|$)/;
const ORDERED = /^(\d{1,9})([.)])(?=[ \t]|$)/;

/** Columns of leading whitespace from `from`, tabs to the next multiple of four, and where it ends. */
function indentOf(text: string, from: number, column: number): { width: number; end: number } {
  let end = from;
  let at = column;
  while (end < text.length) {
    const char = text[end];
    if (char === " ") at++;
    else if (char === "\t") at += 4 - (at % 4);
    else break;
    end++;
  }
  return { width: at - column, end };
}

function point(line: number, column: number, offset: number): Point {
  return { line, column, offset };
}

function isBlank(text: string, from: number): boolean {
  for (let index = from; index < text.length; index++) {
    const char = text[index];
    if (char !== " " && char !== "\t") return false;
  }
  return true;
}

function sameListType(list: List, marker: string): boolean {
  return (list as List & { marker?: string }).marker === marker;
}

/**
 * The block structure of a markdown document as CommonMark reads it — headings, paragraphs, lists and
 * their items, block quotes, code, HTML blocks, thematic breaks — in one pass over the lines, so the time
 * grows with the length of the text whatever it holds. Inline markup is not parsed: Foreman reads task
 * lines from the source text, and a heading's text is read by readInlineText.
 */
export function parseBlocks(text: string): Root {
  const root: Root = { type: "root", children: [], position: { start: point(1, 1, 0), end: point(1, 1, 0) } };
  const open: Container[] = [{ kind: "root", node: root }];
  let leaf: Leaf | null = null;
  let lineNumber = 0;
  let lineStart = 0;

  const add = (node: RootContent) => {
    const parent = open[open.length - 1]?.node as Root | Blockquote | ListItem;
    (parent.children as RootContent[]).push(node);
  };
  const endAt = (node: Nodes, offset: number) => {
    const lineOf = lineNumber;
    if (node.position) node.position.end = point(lineOf, offset - lineStart + 1, offset);
  };
  /** `ended`: the block ended by its own rule; otherwise a fence or HTML block is cut off here. */
  const closeLeaf = (ended = false) => {
    if (!leaf) return;
    if (!ended && (leaf.kind === "fenced" || leaf.kind === "html") && leaf.node.position)
      leaf.node.position.end = point(lineNumber, 1, lineStart);
    if (leaf.kind === "fenced") leaf.node.value = leaf.lines.join("\n");
    if (leaf.kind === "indented")
      leaf.node.value = leaf.lines.slice(0, leaf.lines.length - leaf.blankTail).join("\n");
    if (leaf.kind === "paragraph")
      leaf.node.children = [{ type: "text", value: text.slice(leaf.start, leaf.end) }];
    leaf = null;
  };
  const closeContainers = (keep: number) => {
    if (open.length > keep) closeLeaf();
    while (open.length > keep) open.pop();
  };

  // The line being read, where reading has got to in it, and how many open containers it continued.
  let line = "";
  let pos = 0;
  let column = 0;
  let matched = 1;
  const at = (index: number) => point(lineNumber, index + 1, lineStart + index);
  const startBlock = () => {
    closeContainers(matched);
    closeLeaf();
  };
  const consumeColumns = (count: number) => {
    let left = count;
    while (left > 0 && pos < line.length && (line[pos] === " " || line[pos] === "\t")) {
      const width = line[pos] === "\t" ? 4 - (column % 4) : 1;
      column += width;
      left -= width;
      pos++;
    }
  };

  // A final line ending ends the last line; it does not start an empty one.
  const stop = text.endsWith("\n") ? text.length - 1 : text.length;
  while (lineStart <= stop) {
    lineNumber++;
    const newline = text.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    line = text.slice(lineStart, lineEnd);
    const contentEnd = lineStart + line.trimEnd().length;
    pos = 0;
    column = 0;

    // 1. Which open containers does this line continue?
    for (matched = 1; matched < open.length; matched++) {
      const container = open[matched] as Container;
      const indent = indentOf(line, pos, column);
      if (container.kind === "quote") {
        if (indent.width > 3 || line[indent.end] !== ">") break;
        consumeColumns(indent.width);
        pos++;
        column++;
        if (line[pos] === " " || line[pos] === "\t") consumeColumns(1);
        continue;
      }
      if (container.kind === "item") {
        if (isBlank(line, pos)) {
          if (container.node.children.length === 0) break;
          continue;
        }
        if (column + indent.width < container.contentColumn) break;
        consumeColumns(container.contentColumn - column);
      }
    }
    const allMatched = matched === open.length;

    // 2. Leaves that take the line as it is: fenced code, HTML blocks.
    if (allMatched && leaf?.kind === "fenced") {
      const indent = indentOf(line, pos, column);
      const close = FENCE.exec(line.slice(indent.end));
      if (
        indent.width <= 3 &&
        close &&
        close[1]?.[0] === leaf.char &&
        (close[1]?.length ?? 0) >= leaf.length &&
        (close[2] ?? "").trim() === ""
      ) {
        endAt(leaf.node, contentEnd);
        closeLeaf(true);
      } else {
        consumeColumns(Math.min(leaf.indent, indent.width));
        leaf.lines.push(line.slice(pos));
        endAt(leaf.node, lineEnd);
      }
      lineStart = lineEnd + 1;
      continue;
    }
    if (allMatched && leaf?.kind === "html") {
      if (leaf.until === "blank" && isBlank(line, pos)) {
        closeLeaf(true);
      } else {
        endAt(leaf.node, lineEnd);
        leaf.node.value = text.slice(leaf.start, lineEnd);
        if (leaf.until !== "blank" && leaf.until.test(line.slice(pos))) closeLeaf(true);
        lineStart = lineEnd + 1;
        continue;
      }
    }
    if (!allMatched && leaf !== null && leaf.kind !== "paragraph") closeContainers(matched);

    // 3. New containers: block quotes and list items, possibly several on one line.
    let paragraphOpen = (leaf as Leaf | null)?.kind === "paragraph";
    for (;;) {
      const indent = indentOf(line, pos, column);
      if (indent.width >= 4 || open.length > MAX_DEPTH) break;
      const first = line[indent.end];
      if (
        first !== ">" &&
        first !== "-" &&
        first !== "+" &&
        first !== "*" &&
        !(first && first >= "0" && first <= "9")
      )
        break;
      const rest = line.slice(indent.end);
      if (rest.startsWith(">")) {
        startBlock();
        paragraphOpen = false;
        consumeColumns(indent.width);
        const node: Blockquote = {
          type: "blockquote",
          children: [],
          position: { start: at(pos), end: at(pos + 1) },
        };
        add(node);
        open.push({ kind: "quote", node });
        matched = open.length;
        pos++;
        column++;
        if (line[pos] === " " || line[pos] === "\t") consumeColumns(1);
        continue;
      }
      if (THEMATIC.test(rest.trimEnd())) break;
      const bullet = BULLET.exec(rest);
      const ordered = bullet ? null : ORDERED.exec(rest);
      const markerText = bullet?.[0] ?? ordered?.[0];
      if (markerText === undefined) break;
      const marker = bullet ? (bullet[1] ?? "-") : (ordered?.[2] ?? ".");
      const afterMarker = indent.end + markerText.length;
      const emptyItem = isBlank(line, afterMarker);
      const parentIndex = Math.min(matched, open.length) - 1;
      const sibling = open[parentIndex + 1];
      const joins = sibling?.kind === "item" && sameListType(sibling.list, marker);
      // The first item of a list may interrupt a paragraph only when it has text and, if numbered, is 1.
      if (paragraphOpen && allMatched && !joins && (emptyItem || (ordered && ordered[1] !== "1"))) break;
      startBlock();
      paragraphOpen = false;
      consumeColumns(indent.width);
      const markerStart = pos;
      const markerColumn = column;
      pos = afterMarker;
      column = markerColumn + markerText.length;
      const spacing = indentOf(line, pos, column);
      let contentColumn: number;
      if (emptyItem) contentColumn = column + 1;
      else if (spacing.width >= 5) {
        contentColumn = column + 1;
        consumeColumns(1);
      } else {
        contentColumn = column + spacing.width;
        consumeColumns(spacing.width);
      }
      const container = open[open.length - 1] as Container;
      const last = container.node.children[container.node.children.length - 1];
      let list: List;
      if (last?.type === "list" && sameListType(last, marker)) list = last;
      else {
        list = {
          type: "list",
          ordered: ordered !== null,
          start: ordered ? Number(ordered[1]) : null,
          spread: false,
          children: [],
          position: { start: at(markerStart), end: at(markerStart + 1) },
        };
        (list as List & { marker?: string }).marker = marker;
        add(list);
      }
      const item: ListItem = {
        type: "listItem",
        spread: false,
        checked: null,
        children: [],
        position: { start: at(markerStart), end: at(afterMarker) },
      };
      list.children.push(item);
      open.push({ kind: "item", node: item, list, contentColumn });
      matched = open.length;
      if (emptyItem) break;
    }

    // 4. The leaf block this line starts or continues.
    const indent = indentOf(line, pos, column);
    const rest = line.slice(indent.end);
    const restStart = indent.end;
    const allOpen = matched === open.length;
    if (isBlank(line, pos)) {
      if (allOpen && leaf?.kind === "indented") {
        consumeColumns(4);
        leaf.lines.push(line.slice(pos));
        leaf.blankTail++;
      } else {
        closeContainers(matched);
        closeLeaf();
      }
      lineStart = lineEnd + 1;
      continue;
    }
    const current = leaf as Leaf | null;
    if (indent.width >= 4 && current?.kind !== "paragraph") {
      closeContainers(matched);
      const codeStart = pos;
      consumeColumns(4);
      if (current?.kind === "indented" && allOpen) {
        current.lines.push(line.slice(pos));
        current.blankTail = 0;
        endAt(current.node, contentEnd);
      } else {
        closeLeaf();
        const node: Code = {
          type: "code",
          lang: null,
          meta: null,
          value: "",
          position: { start: at(codeStart), end: at(0) },
        };
        add(node);
        leaf = { kind: "indented", node, lines: [line.slice(pos)], blankTail: 0 };
        endAt(node, contentEnd);
      }
      lineStart = lineEnd + 1;
      continue;
    }
    if (indent.width < 4) {
      if (allOpen && current?.kind === "paragraph" && SETEXT.test(rest)) {
        const heading: Heading = {
          type: "heading",
          depth: rest.startsWith("=") ? 1 : 2,
          children: [
            {
              type: "text",
              value: readInlineText(
                text
                  .slice(current.start, current.end)
                  .split("\n")
                  .map((part) => part.trim())
                  .join("\n"),
              ),
            },
          ],
          position: { start: current.node.position?.start ?? at(0), end: at(0) },
        };
        endAt(heading, contentEnd);
        const parent = open[open.length - 1]?.node as Root;
        parent.children[parent.children.indexOf(current.node)] = heading;
        leaf = null;
        lineStart = lineEnd + 1;
        continue;
      }
      // The first character decides which block starts are possible; most lines start none.
      const first = rest[0] ?? "";
      const atx = first === "#" ? ATX.exec(rest) : null;
      const fence = first === "`" || first === "~" ? FENCE.exec(rest) : null;
      const thematic = (first === "-" || first === "*" || first === "_") && THEMATIC.test(rest.trimEnd());
      const html = first === "<";
      const htmlMarker = html ? HTML_UNTIL_MARKER.find(([start]) => start.test(rest)) : undefined;
      const htmlBlank =
        html &&
        (HTML_BLOCK_TAG.test(rest) || (current?.kind !== "paragraph" && HTML_COMPLETE_TAG.test(rest)));
      const fenceOk = fence && !(fence[1]?.[0] === "`" && (fence[2] ?? "").includes("`"));
      if (atx || fenceOk || thematic || htmlMarker || htmlBlank) {
        startBlock();
        if (atx) {
          const raw = rest
            .slice(atx[0].length)
            .replace(/(?:^|[ \t]+)#+[ \t]*$/, "")
            .trim();
          const node: Heading = {
            type: "heading",
            depth: (atx[1]?.length ?? 1) as Heading["depth"],
            children: raw === "" ? [] : [{ type: "text", value: readInlineText(raw) }],
            position: { start: at(restStart), end: at(0) },
          };
          endAt(node, lineEnd);
          add(node);
        } else if (fenceOk && fence) {
          const info = (fence[2] ?? "").trim();
          const space = info.search(/\s/);
          const lang = space === -1 ? info : info.slice(0, space);
          const meta = space === -1 ? "" : info.slice(space).trim();
          const node: Code = {
            type: "code",
            lang: lang === "" ? null : readInlineText(lang),
            meta: meta === "" ? null : readInlineText(meta),
            value: "",
            position: { start: at(restStart), end: at(0) },
          };
          endAt(node, contentEnd);
          add(node);
          leaf = {
            kind: "fenced",
            node,
            char: fence[1]?.[0] ?? "`",
            length: fence[1]?.length ?? 3,
            indent: indent.width,
            lines: [],
          };
        } else if (thematic) {
          const node: ThematicBreak = {
            type: "thematicBreak",
            position: { start: at(restStart), end: at(0) },
          };
          endAt(node, contentEnd);
          add(node);
        } else {
          const node: Html = {
            type: "html",
            value: text.slice(lineStart + restStart, lineEnd),
            position: { start: at(restStart), end: at(0) },
          };
          endAt(node, lineEnd);
          add(node);
          const until = htmlMarker ? htmlMarker[1] : "blank";
          if (until === "blank" || !until.test(rest.slice(1)))
            leaf = { kind: "html", node, until, start: lineStart + restStart };
        }
        lineStart = lineEnd + 1;
        continue;
      }
    }
    if (current?.kind === "paragraph") {
      // Continuation, or a lazy continuation line of a paragraph in a container this line did not continue.
      current.end = lineEnd;
      endAt(current.node, lineEnd);
    } else {
      startBlock();
      const start = lineStart + indent.end;
      const node: Paragraph = {
        type: "paragraph",
        children: [],
        position: { start: at(restStart), end: at(0) },
      };
      endAt(node, lineEnd);
      add(node);
      leaf = { kind: "paragraph", node, start, end: lineEnd };
    }
    lineStart = lineEnd + 1;
  }
  // At the end of the text, a block cut off by it ends after the last line ending (or the last line).
  if (text.endsWith("\n")) {
    lineNumber++;
    lineStart = text.length;
  }
  const endedByText = !text.endsWith("\n");
  closeLeaf(endedByText);
  closeContainers(1);
  finishPositions(root);
  const lastLine = text.slice(text.lastIndexOf("\n") + 1);
  const lines = text.split("\n").length;
  if (root.position) root.position.end = point(lines, lastLine.length + 1, text.length);
  return root;
}

/** Containers end where their last child ends; list markers are removed from the output. */
function finishPositions(node: Nodes): void {
  if (!("children" in node)) return;
  for (const child of node.children as Nodes[]) finishPositions(child);
  if (node.type === "list") delete (node as List & { marker?: string }).marker;
  const last = (node.children as Nodes[])[node.children.length - 1];
  if (
    node.type !== "root" &&
    node.type !== "paragraph" &&
    node.type !== "heading" &&
    last?.position &&
    node.position
  )
    node.position.end = { ...last.position.end };
}
