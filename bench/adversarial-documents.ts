/** Hostile task documents of exactly `size` characters, each aimed at a different part of the compiler. */
const repeatTo = (prefix: string, unit: string, size: number) =>
  (prefix + unit.repeat(Math.ceil(size / unit.length))).slice(0, size);

const linesTo = (size: number, line: (index: number) => string) => {
  let text = "";
  for (let index = 0; text.length < size; index++) text += `${line(index)}\n`;
  return text.slice(0, size);
};

export const ADVERSARIAL_DOCUMENTS: Readonly<Record<string, (size: number) => string>> = {
  "marker-run": (size) => repeatTo("### T1: x\n", "- ", size),
  "ordered-marker-run": (size) => repeatTo("### T1: x\n", "1. ", size),
  "quote-run": (size) => repeatTo("### T1: x\n", "> ", size),
  "deep-list-nesting": (size) => linesTo(size, (depth) => `${"  ".repeat(depth)}- [ ] T${depth} nested`),
  "deep-quote-nesting": (size) => linesTo(size, (depth) => `${"> ".repeat(depth)}- item`),
  "many-headings": (size) => linesTo(size, (index) => `### T${index}: t`),
  "many-checklist-tasks": (size) =>
    linesTo(size, (index) => `- [ ] T${index} [P] do (depends on T${index >> 1})`),
  "long-line": (size) => repeatTo("### T1: ", "word ", size),
  "long-heading-markup": (size) => repeatTo("### T1: ", "*_`[", size),
  "many-links": (size) => repeatTo("### T1: x\n", "[a](b) [c]( ![d](e ", size),
  "emphasis-runs": (size) => repeatTo("### T1: x\n", "**_a ", size),
  "flat-list": (size) => repeatTo("", "- a\n", size),
  "reference-ranges": (size) => repeatTo("### T1: x\nDepends on: ", "T1-T500, ", size),
  "dependency-prose": (size) =>
    `${linesTo(size / 2, (index) => `- [ ] T${index} work`)}## Dependencies\n${linesTo(size / 2, (index) => `- T${index} blocks T${index + 1}, US${index}, Phase ${index}`)}`.slice(
      0,
      size,
    ),
};
