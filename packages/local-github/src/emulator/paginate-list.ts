/**
 * GitHub's page-based pagination: `per_page` (default 30, at most 100) and `page` (from 1), with a `link`
 * header naming the next, last, first and previous pages by rewriting the request's own URL.
 */
export function paginateList<T>(
  items: T[],
  query: { per_page?: number; page?: number },
  requestUrl: URL,
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(query.per_page ?? 30, 1), 100);
  const page = Math.max(query.page ?? 1, 1);
  const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
  const pageUrl = (target: number) => {
    const url = new URL(requestUrl);
    url.searchParams.set("per_page", String(perPage));
    url.searchParams.set("page", String(target));
    return url.href;
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${pageUrl(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`);
  if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`);
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(", ") } : {},
  };
}
