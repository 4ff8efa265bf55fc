import { loadTodos, saveTodos } from "./store.js";
import { addTodo } from "./todos.js";

/**
 * Runs one `todo` command against the list in `file` and returns the exit status. Output goes to the
 * given streams, so tests can run the CLI in-process.
 */
export async function runCli(args, { file, stdout, stderr }) {
  const [command = "list", ...rest] = args;
  try {
    const todos = await loadTodos(file);
    switch (command) {
      case "add": {
        const next = addTodo(todos, rest.join(" "));
        await saveTodos(file, next);
        const added = next.at(-1);
        stdout.write(`added ${added.id}: ${added.text}\n`);
        return 0;
      }
      case "list":
        if (todos.length === 0) stdout.write("nothing to do\n");
        for (const todo of todos) stdout.write(formatTodo(todo));
        return 0;
      default:
        stderr.write(`todo: unknown command "${command}"\n`);
        return 2;
    }
  } catch (error) {
    stderr.write(`todo: ${error.message}\n`);
    return 1;
  }
}

function formatTodo(todo) {
  return `${todo.done ? "[x]" : "[ ]"} ${todo.id}. ${todo.text}\n`;
}
