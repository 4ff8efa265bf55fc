/**
 * GitHub Actions expressions (`${{ … }}`) as the runner evaluates them, for the forms workflow files
 * use: contexts (`inputs`, `github`, `env`, `secrets`, `vars`, `steps`, `job`, `runner`, `matrix`),
 * property access (`a.b`, `a['b']`), literals, `!`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`,
 * parentheses, the status functions and `contains`, `startsWith`, `endsWith`, `format`, `join`,
 * `toJSON`, `fromJSON`. Semantics follow GitHub's documentation: a missing property is null, string
 * comparison ignores case, `==` between different types compares as numbers, `&&` and `||` return an
 * operand. Anything else (e.g. `hashFiles`, object filters `a.*.b`) is an error naming the expression.
 */

export type ExpressionValue =
  | string
  | number
  | boolean
  | null
  | ExpressionValue[]
  | { [key: string]: ExpressionValue };

/** The job's state so far, which the status functions read. */
export type JobStatus = "success" | "failure" | "cancelled";

export interface ExpressionContext {
  contexts: Record<string, ExpressionValue>;
  status: JobStatus;
}

export class ExpressionError extends Error {}

type Token =
  | { kind: "number"; value: number }
  | { kind: "string"; value: string }
  | { kind: "name"; value: string }
  | { kind: "punct"; value: string };

const PUNCTUATION = ["==", "!=", "<=", ">=", "&&", "||", "(", ")", "[", "]", ".", ",", "!", "<", ">", "*"];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index] ?? "";
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (char === "'") {
      let value = "";
      index++;
      for (;;) {
        if (index >= source.length) throw new ExpressionError(`unterminated string in '${source}'`);
        if (source[index] === "'") {
          if (source[index + 1] === "'") {
            value += "'";
            index += 2;
            continue;
          }
          index++;
          break;
        }
        value += source[index];
        index++;
      }
      tokens.push({ kind: "string", value });
      continue;
    }
    const number = /^(?:0x[0-9a-f]+|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)/i.exec(source.slice(index));
    if (number && /[\d-]/.test(char)) {
      tokens.push({ kind: "number", value: Number(number[0]) });
      index += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(index));
    if (name) {
      tokens.push({ kind: "name", value: name[0] });
      index += name[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((candidate) => source.startsWith(candidate, index));
    if (!punct) throw new ExpressionError(`unexpected '${char}' in '${source}'`);
    tokens.push({ kind: "punct", value: punct });
    index += punct.length;
  }
  return tokens;
}

type Node =
  | { kind: "literal"; value: ExpressionValue }
  | { kind: "context"; name: string }
  | { kind: "property"; object: Node; key: Node }
  | { kind: "call"; name: string; args: Node[] }
  | { kind: "not"; operand: Node }
  | { kind: "binary"; operator: string; left: Node; right: Node };

function parse(source: string): Node {
  const tokens = tokenize(source);
  let position = 0;
  const peek = () => tokens[position];
  const isPunct = (value: string) => {
    const token = peek();
    return token?.kind === "punct" && token.value === value;
  };
  const expect = (value: string) => {
    if (!isPunct(value)) throw new ExpressionError(`expected '${value}' in '${source}'`);
    position++;
  };
  const binary = (operators: string[], next: () => Node) => (): Node => {
    let left = next();
    for (;;) {
      const token = peek();
      if (token?.kind !== "punct" || !operators.includes(token.value)) return left;
      position++;
      left = { kind: "binary", operator: token.value, left, right: next() };
    }
  };
  const primary = (): Node => {
    const token = peek();
    position++;
    if (!token) throw new ExpressionError(`'${source}' ends too early`);
    if (token.kind === "number" || token.kind === "string") return { kind: "literal", value: token.value };
    if (token.kind === "punct" && token.value === "(") {
      const inner = or();
      expect(")");
      return inner;
    }
    if (token.kind === "name") {
      if (token.value === "true" || token.value === "false")
        return { kind: "literal", value: token.value === "true" };
      if (token.value === "null") return { kind: "literal", value: null };
      if (isPunct("(")) {
        position++;
        const args: Node[] = [];
        while (!isPunct(")")) {
          args.push(or());
          if (!isPunct(")")) expect(",");
        }
        position++;
        return { kind: "call", name: token.value.toLowerCase(), args };
      }
      return { kind: "context", name: token.value };
    }
    throw new ExpressionError(`unexpected '${token.value}' in '${source}'`);
  };
  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      if (isPunct(".")) {
        position++;
        const key = peek();
        position++;
        if (key?.kind === "punct" && key.value === "*")
          throw new ExpressionError(
            `object filters ('.*') are not supported by the local runner: '${source}'`,
          );
        if (key?.kind !== "name") throw new ExpressionError(`expected a property name in '${source}'`);
        node = { kind: "property", object: node, key: { kind: "literal", value: key.value } };
      } else if (isPunct("[")) {
        position++;
        const key = or();
        expect("]");
        node = { kind: "property", object: node, key };
      } else {
        return node;
      }
    }
  };
  const unary = (): Node => {
    if (isPunct("!")) {
      position++;
      return { kind: "not", operand: unary() };
    }
    return postfix();
  };
  const comparison = binary(["<", "<=", ">", ">="], unary);
  const equality = binary(["==", "!="], comparison);
  const and = binary(["&&"], equality);
  const or = binary(["||"], and);
  const tree = or();
  if (position < tokens.length)
    throw new ExpressionError(`unexpected '${String(peek()?.value)}' in '${source}'`);
  return tree;
}

export function isTruthy(value: ExpressionValue): boolean {
  return !(value === false || value === null || value === 0 || value === "" || Number.isNaN(value));
}

function toNumber(value: ExpressionValue): number {
  if (value === null) return 0;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return value;
  if (typeof value === "string") return value.trim() === "" ? 0 : Number(value);
  return Number.NaN;
}

/** How a value becomes text in `${{ }}` and in `format`: null is empty, objects are JSON. */
export function stringify(value: ExpressionValue): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value, null, 2);
}

function looselyEqual(left: ExpressionValue, right: ExpressionValue): boolean {
  if (typeof left === "string" && typeof right === "string")
    return left.toLowerCase() === right.toLowerCase();
  const isObject = (value: ExpressionValue) => value !== null && typeof value === "object";
  if (isObject(left) || isObject(right)) return left === right;
  if (typeof left === typeof right) return left === right;
  return toNumber(left) === toNumber(right);
}

function compare(operator: string, left: ExpressionValue, right: ExpressionValue): boolean {
  const bothStrings = typeof left === "string" && typeof right === "string";
  const a = bothStrings ? left.toLowerCase() : toNumber(left);
  const b = bothStrings ? right.toLowerCase() : toNumber(right);
  if (operator === "<") return a < b;
  if (operator === "<=") return a <= b;
  if (operator === ">") return a > b;
  return a >= b;
}

function property(object: ExpressionValue, key: ExpressionValue): ExpressionValue {
  if (Array.isArray(object)) {
    const index = toNumber(key);
    return Number.isInteger(index) ? (object[index] ?? null) : null;
  }
  if (object === null || typeof object !== "object") return null;
  const name = stringify(key);
  // Context keys are case-insensitive on GitHub (`github.event_name`, `env.Foo`).
  const match = Object.keys(object).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return match === undefined ? null : (object[match] ?? null);
}

function fromJson(text: string): ExpressionValue {
  try {
    return JSON.parse(text) as ExpressionValue;
  } catch {
    throw new ExpressionError(`fromJSON: '${text.slice(0, 80)}' is not JSON`);
  }
}

function call(name: string, args: ExpressionValue[], context: ExpressionContext): ExpressionValue {
  const [first = null, second = null] = args;
  switch (name) {
    case "success":
      return context.status === "success";
    case "failure":
      return context.status === "failure";
    case "cancelled":
      return context.status === "cancelled";
    case "always":
      return true;
    case "contains":
      if (Array.isArray(first)) return first.some((item) => looselyEqual(item, second));
      return stringify(first).toLowerCase().includes(stringify(second).toLowerCase());
    case "startswith":
      return stringify(first).toLowerCase().startsWith(stringify(second).toLowerCase());
    case "endswith":
      return stringify(first).toLowerCase().endsWith(stringify(second).toLowerCase());
    case "format":
      return stringify(first)
        .replace(/\{(\d+)\}/g, (_, index: string) => stringify(args[Number(index) + 1] ?? null))
        .replaceAll("{{", "{")
        .replaceAll("}}", "}");
    case "join":
      return Array.isArray(first)
        ? first.map(stringify).join(args.length > 1 ? stringify(second) : ",")
        : stringify(first);
    case "tojson":
      return JSON.stringify(first, null, 2);
    case "fromjson":
      return fromJson(stringify(first));
    default:
      throw new ExpressionError(`the function ${name}() is not supported by the local runner`);
  }
}

function evaluateNode(node: Node, context: ExpressionContext): ExpressionValue {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "context": {
      const known = Object.keys(context.contexts).find(
        (name) => name.toLowerCase() === node.name.toLowerCase(),
      );
      if (known === undefined) throw new ExpressionError(`unknown context '${node.name}'`);
      return context.contexts[known] ?? null;
    }
    case "property":
      return property(evaluateNode(node.object, context), evaluateNode(node.key, context));
    case "call":
      return call(
        node.name,
        node.args.map((arg) => evaluateNode(arg, context)),
        context,
      );
    case "not":
      return !isTruthy(evaluateNode(node.operand, context));
    case "binary": {
      const left = evaluateNode(node.left, context);
      if (node.operator === "&&") return isTruthy(left) ? evaluateNode(node.right, context) : left;
      if (node.operator === "||") return isTruthy(left) ? left : evaluateNode(node.right, context);
      const right = evaluateNode(node.right, context);
      if (node.operator === "==") return looselyEqual(left, right);
      if (node.operator === "!=") return !looselyEqual(left, right);
      return compare(node.operator, left, right);
    }
  }
}

/** Evaluates one expression (the text inside `${{ }}`). */
export function evaluateExpression(source: string, context: ExpressionContext): ExpressionValue {
  return evaluateNode(parse(source), context);
}

/** Replaces every `${{ … }}` in `text` with its value as text. */
export function renderTemplate(text: string, context: ExpressionContext): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, source: string) =>
    stringify(evaluateExpression(source, context)),
  );
}

/**
 * A step's or job's `if:` as the runner reads it: with or without `${{ }}`, and wrapped in
 * `success() && (…)` unless it calls a status function itself.
 */
export function evaluateCondition(
  condition: string | boolean | undefined,
  context: ExpressionContext,
): boolean {
  if (condition === undefined) return context.status === "success";
  if (typeof condition === "boolean") return condition && context.status === "success";
  const trimmed = condition.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  const source = whole ? (whole[1] ?? "") : trimmed;
  if (whole === null && trimmed.includes("${{")) return isTruthy(renderTemplate(trimmed, context));
  const checksStatus = /\b(success|failure|always|cancelled)\s*\(/i.test(source);
  const value = evaluateExpression(checksStatus ? source : `success() && (${source})`, context);
  return isTruthy(value);
}
