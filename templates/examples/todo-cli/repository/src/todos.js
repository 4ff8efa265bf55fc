/**
 * The to-do list as plain data: an array of `{ id, text, done }` records. Every function returns a new
 * array and leaves its input alone, so the CLI saves exactly what it computed.
 */

/** Adds a to-do with the next free id. */
export function addTodo(todos, text) {
  const trimmed = String(text ?? "").trim();
  if (trimmed === "") throw new TypeError("a to-do needs some text");
  const id = todos.reduce((max, todo) => Math.max(max, todo.id), 0) + 1;
  return [...todos, { id, text: trimmed, done: false }];
}
