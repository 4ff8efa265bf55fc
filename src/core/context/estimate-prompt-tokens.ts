/** About four characters per token, as the API counts English and code on average. */
export function estimatePromptTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
