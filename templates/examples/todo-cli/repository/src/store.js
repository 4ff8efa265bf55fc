import { readFile, rename, writeFile } from "node:fs/promises";

/** Reads the list. A missing file is an empty list; a file that is not a list is an error worth seeing. */
export async function loadTodos(file) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return [];
    throw error;
  }
  const todos = JSON.parse(text);
  if (!Array.isArray(todos)) throw new Error(`${file}: expected a JSON array of to-dos`);
  return todos;
}

/** Writes the list through a temporary file, so a crash never leaves half a list behind. */
export async function saveTodos(file, todos) {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(todos, null, 2)}\n`);
  await rename(temporary, file);
}
