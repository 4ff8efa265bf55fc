/**
 * Fills a user-facing template (from `templates/`): `{{name}}` is replaced by its value, and
 * `{{#name}}…{{/name}}` is kept only when the value is non-empty, so empty sections leave no heading.
 * A name the template uses but the caller did not supply is an error: a silently blank field in a
 * comment is a bug nobody notices.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const lookUp = (name: string): string => {
    const value = values[name];
    if (value === undefined) throw new Error(`template uses {{${name}}}, which has no value`);
    return value;
  };
  const withSections = template.replace(
    /\{\{#([\w-]+)\}\}\n?([\s\S]*?)\{\{\/\1\}\}\n?/g,
    (_, name: string, inner: string) => (lookUp(name).trim() === "" ? "" : inner),
  );
  const filled = withSections.replace(/\{\{([\w-]+)\}\}/g, (_, name: string) => lookUp(name));
  return `${filled.trim()}\n`;
}
