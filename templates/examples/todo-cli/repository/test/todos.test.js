import assert from "node:assert/strict";
import { test } from "node:test";
import { addTodo } from "../src/todos.js";

test("addTodo gives each to-do the next free id", () => {
  const todos = addTodo(addTodo([], "Buy milk"), "Call Sam");
  assert.deepEqual(todos, [
    { id: 1, text: "Buy milk", done: false },
    { id: 2, text: "Call Sam", done: false },
  ]);
});

test("addTodo trims the text and refuses an empty to-do", () => {
  assert.equal(addTodo([], "  Water plants ")[0].text, "Water plants");
  assert.throws(() => addTodo([], "   "), TypeError);
});

test("addTodo leaves the list it was given alone", () => {
  const before = [{ id: 1, text: "Buy milk", done: false }];
  addTodo(before, "Call Sam");
  assert.equal(before.length, 1);
});
