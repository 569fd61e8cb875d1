/**
 * Pasted HTML, tidied before the editor parses it, and pasted pictures routed to the journal.
 *
 * The editor's schema is what keeps pasted content safe (only known nodes, only http/https/mailto
 * links), and the CSP blocks inline code anyway. But Chromium reports a CSP violation as soon as
 * any HTML with inline event handlers or style attributes is parsed — even in an inert document —
 * so hostile or merely messy clipboard HTML (office suites love style="…") would fill the console
 * with errors. Dropping those attributes from the tags first keeps the console quiet; nothing of
 * what a person wrote is lost, since neither attribute can survive the schema.
 *
 * Pictures never enter an entry as HTML: `routePaste` sends pasted picture files, and pictures
 * carried inside the HTML as data: addresses, to the journal (the photo extension's `addPhotos`),
 * and only a stored photo's id reaches the document.
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

/**
 * What the person pasted, read from the clipboard event. The composer asks `routePaste` what to do
 * with it before ProseMirror sees it.
 */
export interface PastedData {
  html: string;
  text: string;
  files: readonly File[];
}

/**
 * - `photos`: only pictures came: each goes to the journal (`addPhotos`) and appears once stored.
 * - `html`: words came (tidied HTML to paste now); pictures inside the HTML as data: addresses go to
 *   the journal after them. Never does a picture land in the entry as a data: or blob: address.
 * - `default`: plain words; ProseMirror's own paste.
 * `leftOut` counts pictures that were only addresses elsewhere (https:, file:, blob: of another
 * page): Mutual never fetches anything, so the person is told to add them from a file instead.
 */
export type PasteRoute =
  | { kind: 'photos'; photos: Blob[]; leftOut: number }
  | { kind: 'html'; html: string; photos: Blob[]; leftOut: number }
  | { kind: 'default' };

const IMG = /<img\b(?:"[^"]*"|'[^']*'|[^'">])*>/gi;
const SRC = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;
const DATA_IMAGE = /^data:(image\/[a-z0-9.+-]+)((?:;[^,;]*)*),([\s\S]*)$/i;

/** A data: address of a picture as the file it holds, or null when it is not one. */
export function blobOfDataUrl(url: string): Blob | null {
  const m = DATA_IMAGE.exec(url.trim());
  if (!m) return null;
  const [, type, params, payload] = m;
  try {
    if (/;base64/i.test(params!)) {
      const binary = atob(payload!.replace(/\s+/g, ''));
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return new Blob([bytes], { type: type!.toLowerCase() });
    }
    return new Blob([decodeURIComponent(payload!)], { type: type!.toLowerCase() });
  } catch {
    return null;
  }
}

/** The words of some HTML, roughly: enough to tell "a picture" from "a passage with a picture". */
function wordsOf(html: string): string {
  return html
    .replace(BLOCKS, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&#160;/gi, ' ')
    .trim();
}

export function routePaste(data: PastedData): PasteRoute {
  const { html, files } = data;
  const images = html ? [...html.matchAll(IMG)].map((m) => SRC.exec(m[0])?.slice(1).find((v) => v !== undefined) ?? '') : [];
  const photos: Blob[] = [];
  let leftOut = 0;
  for (const src of images) {
    const blob = blobOfDataUrl(src);
    if (blob) photos.push(blob);
    else leftOut++;
  }
  const words = html ? wordsOf(html) : data.text.trim();
  if (!words) {
    // A picture copied from a browser comes as the file itself and an <img> pointing where it was
    // found: the file is the picture, the address is not left out.
    if (files.length > 0) return { kind: 'photos', photos: [...files, ...photos], leftOut: 0 };
    return photos.length > 0 || leftOut > 0 ? { kind: 'photos', photos, leftOut } : { kind: 'default' };
  }
  // Words with a file beside them: office suites add a picture of the very words copied, so the
  // words are what was meant. Pictures inside the HTML are its own.
  if (images.length === 0 && !needsCleaning(html)) return { kind: 'default' };
  const tidy = html.replace(IMG, '');
  return { kind: 'html', html: needsCleaning(tidy) ? cleanPastedHtml(tidy) : tidy, photos, leftOut };
}
