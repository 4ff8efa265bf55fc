/**
 * Parses a runner file command (`GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_STATE`) the way the Actions
 * runner does: `name=value` lines, or `name<<DELIMITER` followed by value lines and a line that is
 * exactly the delimiter; whichever of `=` and `<<` comes first on a line decides its form. Blank lines
 * are skipped. A malformed file throws, as it fails the step on GitHub.
 */
export function parseFileCommand(text: string, fileName: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    if (line === "") continue;
    const equals = line.indexOf("=");
    const heredoc = line.indexOf("<<");
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      const name = line.slice(0, equals);
      if (name === "") throw new Error(`${fileName}, line ${index + 1}: "${line}" has an empty name`);
      values[name] = line.slice(equals + 1);
      continue;
    }
    if (heredoc < 0) {
      throw new Error(`${fileName}, line ${index + 1}: "${line}" is neither name=value nor name<<DELIMITER`);
    }
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    if (name === "" || delimiter === "") {
      throw new Error(
        `${fileName}, line ${index + 1}: "${line}" needs both a name and a delimiter (name<<EOF)`,
      );
    }
    const end = lines.indexOf(delimiter, index + 1);
    if (end < 0) {
      throw new Error(`${fileName}, line ${index + 1}: no line "${delimiter}" closes the value of "${name}"`);
    }
    values[name] = lines.slice(index + 1, end).join("\n");
    index = end;
  }
  return values;
}
