/** Splits a byte stream into lines, holding back an unfinished last line until more arrives. */
export function lineSplitter(emit: (line: string) => void): {
  push: (chunk: Buffer) => void;
  flush: () => void;
} {
  let pending = "";
  const decoder = new TextDecoder();
  return {
    push(chunk) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split(/\r?\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) emit(line);
    },
    flush() {
      pending += decoder.decode();
      if (pending !== "") emit(pending);
      pending = "";
    },
  };
}
