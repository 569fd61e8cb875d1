/**
 * Pasted HTML, tidied before the editor parses it.
 *
 * The editor's schema is what keeps pasted content safe (only known nodes, only http/https/mailto
 * links), and the CSP blocks inline code anyway. But Chromium reports a CSP violation as soon as
 * any HTML with inline event handlers or style attributes is parsed — even in an inert document —
 * so hostile or merely messy clipboard HTML (office suites love style="…") would fill the console
 * with errors. Dropping those attributes from the tags first keeps the console quiet; nothing of
 * what a person wrote is lost, since neither attribute can survive the schema.
 */

const TAG = /<([a-zA-Z][^\s/>]*)((?:\s*[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTR = /([^\s/>"'=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
const DROP = /^(on.*|style|srcdoc|formaction)$/i;
/** Elements whose content is code or layout, never the person's words. */
const BLOCKS = /<(script|style|iframe|object|embed|noscript|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;

export function needsCleaning(html: string): boolean {
  return /\son[a-z]+\s*=|\sstyle\s*=|<(script|style|iframe|object|embed|noscript|template)\b/i.test(html);
}

export function cleanPastedHtml(html: string): string {
  return html.replace(BLOCKS, '').replace(TAG, (_whole, name: string, attrs: string, selfClose: string) => {
    const kept: string[] = [];
    for (const m of attrs.matchAll(ATTR)) {
      if (DROP.test(m[1]!)) continue;
      kept.push(m[2] === undefined ? m[1]! : `${m[1]}=${m[2]}`);
    }
    return `<${name}${kept.length ? ' ' + kept.join(' ') : ''}${selfClose ? ' /' : ''}>`;
  });
}
