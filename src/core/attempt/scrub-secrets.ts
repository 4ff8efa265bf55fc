/**
 * GitHub and Anthropic credential shapes: installation (`ghs_`), user-to-server (`ghu_`), OAuth
 * (`gho_`), personal (`ghp_`), refresh (`ghr_`) and fine-grained (`github_pat_`) tokens, and
 * Anthropic keys (`sk-ant-`). Matched wherever they appear, whoever printed them.
 */
const TOKEN_PATTERNS = [
  /\bgh[pousr]_[A-Za-z0-9]{16,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{16,}/g,
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g,
];

/** Text with every known secret value and every token-shaped string replaced by `***`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let scrubbed = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets]
    .filter((value) => value.length >= 4)
    .sort((a, b) => b.length - a.length)) {
    scrubbed = scrubbed.replaceAll(secret, "***");
  }
  for (const pattern of TOKEN_PATTERNS) scrubbed = scrubbed.replace(pattern, "***");
  return scrubbed;
}
