/**
 * People's text made safe to print on a terminal: control characters (escape sequences could move the
 * cursor, rewrite the screen or set the window title), line breaks (one task, one line) and
 * bidirectional overrides (which reorder what is shown) each become U+FFFD.
 */
export function sanitizeTerminalText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "\ufffd");
}
