/** Tags as the person sees them: "#travel", and the search that finds them (`tag:travel`, `tag:"two words"`). */

export function tagLabel(name: string): string {
  return `#${name}`;
}

/** The query that finds entries carrying this tag; a name with a space is quoted. */
export function tagQuery(name: string): string {
  const clean = name.replaceAll('"', '');
  return /\s/.test(clean) ? `tag:"${clean}"` : `tag:${clean}`;
}
