/**
 * What a landed task's report (see renderAttemptReport) says it did: its summary and the files it
 * changed, for the prompts of the tasks that depend on it.
 */
export function readReportDigest(report: string): { summary: string; files: string[] } {
  const section = (heading: string): string => {
    const start = report.indexOf(`\n## ${heading}`);
    if (start < 0) return "";
    const body = report.slice(report.indexOf("\n", start + 1) + 1);
    const end = body.search(/\n## /);
    return (end < 0 ? body : body.slice(0, end)).trim();
  };
  const files = [...section("What changed").matchAll(/^- `(.+)`$/gm)].map((match) => match[1] ?? "");
  return { summary: section("Summary"), files: files.filter((file) => file !== "") };
}
