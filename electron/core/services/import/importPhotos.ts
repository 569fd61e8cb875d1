/**
 * Photos that come in with an import: finding the file an imported entry refers to, and only
 * inside what was imported.
 *
 * Parsing (parseTask.ts) never touches the file system beyond the item it reads, so it writes each
 * photo it meets as an intermediate block node, `{ type: 'image', attrs: { importRef, alt,
 * placeholder } }`; the thread that owns the import asks PhotoFiles whether that file is there
 * (the preview, to count found and missing) and streams it to storePhoto (the import, before it
 * settles the entry). A reference that cannot be stored becomes the `placeholder` words, italic.
 *
 * References (`importRef`):
 * - `dayone:photos/<md5>.<type>` — a Day One export's photo, from its folder or streamed out of
 *   its .zip; matched without regard to case, as Day One's own apps do.
 * - `md:<path>` — a Markdown image's path, relative to the imported folder (posix separators,
 *   already URL-decoded and joined to the .md file's folder). A path that leaves the folder — by
 *   `..`, an absolute path, or a symbolic link pointing out — is never read: it is `outside`.
 * - `embed:<folder of the .md file>\u0000<name>` — an Obsidian embed (`![[name]]`), found by name
 *   anywhere under the imported folder, the nearest to the note first.
 * - `remote:<url>` — an image on the web: never fetched.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { DocNode } from '../../../shared/doc';
import type { ImportFormat } from './sources';

export type PhotoCheck = 'found' | 'missing' | 'outside' | 'remote';

export const IMPORT_REF = 'importRef';

/** The intermediate node parsing writes for a photo the import may bring. */
export function photoRefNode(ref: string, alt: string, placeholder: string): DocNode {
  return { type: 'image', attrs: { [IMPORT_REF]: ref, alt, placeholder } };
}

export function importRefOf(node: DocNode): string | null {
  const ref = node.type === 'image' ? node.attrs?.[IMPORT_REF] : undefined;
  return typeof ref === 'string' ? ref : null;
}

/** The placeholder a reference becomes when its photo does not come: its words, italic, a paragraph of its own. */
export function photoPlaceholder(node: DocNode): DocNode {
  const words = typeof node.attrs?.placeholder === 'string' && node.attrs.placeholder ? node.attrs.placeholder : 'Photo not included in the export';
  return { type: 'paragraph', content: [{ type: 'text', text: words, marks: [{ type: 'italic' }] }] };
}

const LIFTED = new Set(['paragraph', 'heading']);

/**
 * A photo is a block of its own: every reference inside a paragraph (or heading) is lifted out of
 * it, the words before and after it staying in paragraphs around it, in order.
 */
export function liftPhotoRefs(nodes: DocNode[]): DocNode[] {
  const out: DocNode[] = [];
  for (const node of nodes) {
    if (!node.content?.length) {
      out.push(node);
      continue;
    }
    if (!LIFTED.has(node.type) || !node.content.some((n) => importRefOf(n) !== null)) {
      const content = liftPhotoRefs(node.content);
      // A list item starts with a paragraph (the editor's schema), even when a photo opened it.
      if ((node.type === 'listItem' || node.type === 'taskItem') && content[0]?.type !== 'paragraph') content.unshift({ type: 'paragraph' });
      out.push({ ...node, content });
      continue;
    }
    let run: DocNode[] = [];
    const flush = () => {
      // Spaces and line breaks at the edges of a photo were only what separated it from the words.
      while (run.length && isBlank(run[0]!)) run.shift();
      while (run.length && isBlank(run[run.length - 1]!)) run.pop();
      if (run.length) {
        const first = run[0]!;
        const last = run[run.length - 1]!;
        if (first.type === 'text') run[0] = { ...first, text: first.text!.trimStart() };
        if (last.type === 'text') run[run.length - 1] = { ...run[run.length - 1]!, text: run[run.length - 1]!.text!.trimEnd() };
        out.push({ ...node, content: run });
      }
      run = [];
    };
    for (const child of node.content) {
      if (importRefOf(child) !== null) {
        flush();
        out.push(child);
      } else run.push(child);
    }
    flush();
  }
  return out;
}

const isBlank = (n: DocNode) => n.type === 'hardBreak' || (n.type === 'text' && !n.text?.trim());

/** The file name a reference names (for saying which photo could not be read). */
export function refFileName(ref: string): string {
  return ref.slice(ref.indexOf(':') + 1).split('\u0000').pop()!.split('/').pop()!;
}

/** Whether some blocks hold a photo reference (checked before anything is awaited for an entry). */
export function hasPhotoRefs(nodes: DocNode[] | undefined): boolean {
  return (nodes ?? []).some((n) => importRefOf(n) !== null || hasPhotoRefs(n.content));
}

/** Every photo reference in some blocks, in order. */
export function photoRefsIn(nodes: DocNode[] | undefined, out: DocNode[] = []): DocNode[] {
  for (const n of nodes ?? []) {
    if (importRefOf(n) !== null) out.push(n);
    else photoRefsIn(n.content, out);
  }
  return out;
}

/** Where the imported photos' files are. */
export interface PhotoFiles {
  /** Reads what must be known before `check` answers (a zip's list of files). */
  ready(): Promise<void>;
  check(ref: string): PhotoCheck;
  /**
   * For the preview, without decoding: why a found file will not be kept (too large, a drawing or
   * a document, not an image at all), or null when it looks like a photo. Only the import, which
   * decodes it, knows for sure (a damaged photo; a HEIC this computer cannot decode is kept as
   * an attachment, not refused).
   */
  problem(ref: string): string | null;
  /** The file's bytes, as often as asked (storePhoto reads it once per pass); only for a `found` reference. */
  source(ref: string): () => AsyncIterable<Buffer>;
  close(): void;
}

/**
 * The photos of an import of `format` from `source`; `maxBytes` the largest file storePhoto keeps
 * (passed in so that this module, which parsing loads, never loads the photo store).
 */
export function photoFilesFor(format: ImportFormat, source: string, maxBytes: number): PhotoFiles {
  let stat: fs.Stats | null;
  try {
    stat = fs.statSync(source);
  } catch {
    stat = null;
  }
  const root = stat?.isDirectory() ? source : path.dirname(source);
  if (format === 'dayone' && stat?.isFile() && /\.zip$/i.test(source)) return new ZipPhotos(source, maxBytes);
  if (format === 'dayone') return new FolderPhotos(root, 'dayone', maxBytes);
  if (format === 'markdown') return new FolderPhotos(root, 'markdown', maxBytes);
  return noPhotos;
}

const noPhotos: PhotoFiles = {
  ready: async () => {},
  check: (ref) => (ref.startsWith('remote:') ? 'remote' : 'missing'),
  problem: () => null,
  source: () => {
    throw new Error('no photo files');
  },
  close: () => {},
};

const tooLarge = 'larger than Mutual keeps (50 MB)';

/** What the first bytes of a file say it is not: a drawing, a document, or no image Mutual reads. */
export function sniffProblem(head: Buffer): string | null {
  const ascii = head.toString('latin1');
  if (/^\s*(\ufeff|\xef\xbb\xbf)?\s*</.test(ascii) || ascii.includes('<svg')) return 'a drawing or document (SVG, PDF), which Mutual does not keep';
  if (ascii.startsWith('%PDF')) return 'a drawing or document (SVG, PDF), which Mutual does not keep';
  const image =
    (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) ||
    ascii.startsWith('\x89PNG') ||
    ascii.startsWith('GIF8') ||
    (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') ||
    ascii.slice(4, 8) === 'ftyp' ||
    ascii.startsWith('II*\0') ||
    ascii.startsWith('MM\0*');
  return image ? null : 'not a photo Mutual can read, or damaged';
}

/** Why a file will not be kept as a photo, told from its size and first bytes (sniffProblem); null when it looks like one. */
export function problemOfFile(file: string, maxBytes: number): string | null {
  try {
    if (fs.statSync(file).size > maxBytes) return tooLarge;
    const head = Buffer.alloc(64);
    const fd = fs.openSync(file, 'r');
    try {
      return sniffProblem(head.subarray(0, fs.readSync(fd, head, 0, 64, 0)));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** Whether `inner` (a real path) is inside `root` (a real path). */
export function isInside(root: string, inner: string): boolean {
  const rel = path.relative(root, inner);
  return rel === '' ? false : !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The real path of `rel` under `root` when it is a file inside it (symbolic links followed, and
 * refused when they lead out); `outside` when it leaves; null when there is no such file.
 */
export function fileInside(root: string, rel: string): string | 'outside' | null {
  if (path.isAbsolute(rel) || path.win32.isAbsolute(rel)) return 'outside';
  const joined = path.resolve(root, rel);
  if (!isInside(path.resolve(root), joined)) return 'outside';
  let real: string;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(joined);
  } catch {
    return null;
  }
  if (!isInside(realRoot, real)) return 'outside';
  try {
    return fs.statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

async function* fileBytes(file: string): AsyncGenerator<Buffer> {
  for await (const piece of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) yield piece as Buffer;
}

class FolderPhotos implements PhotoFiles {
  private readonly found = new Map<string, string | 'outside' | null>();
  private dayOneListing: Map<string, string> | null = null;
  private byName: Map<string, string[]> | null = null;

  constructor(
    private readonly root: string,
    private readonly kind: 'dayone' | 'markdown',
    private readonly maxBytes: number,
  ) {}

  async ready(): Promise<void> {}

  close(): void {}

  check(ref: string): PhotoCheck {
    if (ref.startsWith('remote:')) return 'remote';
    const file = this.locate(ref);
    return file === 'outside' ? 'outside' : file ? 'found' : 'missing';
  }

  problem(ref: string): string | null {
    const file = this.locate(ref);
    return !file || file === 'outside' ? null : problemOfFile(file, this.maxBytes);
  }

  source(ref: string): () => AsyncIterable<Buffer> {
    const file = this.locate(ref);
    if (!file || file === 'outside') throw new Error('not a photo of this import');
    return () => fileBytes(file);
  }

  private locate(ref: string): string | 'outside' | null {
    if (!this.found.has(ref)) this.found.set(ref, this.find(ref));
    return this.found.get(ref)!;
  }

  private find(ref: string): string | 'outside' | null {
    if (this.kind === 'dayone' && ref.startsWith('dayone:')) {
      const actual = this.dayOne().get(ref.slice('dayone:'.length));
      return actual ? fileInside(this.root, actual) : null;
    }
    if (this.kind === 'markdown' && ref.startsWith('md:')) return fileInside(this.root, ref.slice('md:'.length));
    if (this.kind === 'markdown' && ref.startsWith('embed:')) {
      const [from, name] = ref.slice('embed:'.length).split('\u0000') as [string, string];
      const rel = this.nearest(from, name);
      return rel ? fileInside(this.root, rel) : null;
    }
    return null;
  }

  /** Day One's photos/ folder: lower-cased name → the name on disk. */
  private dayOne(): Map<string, string> {
    if (!this.dayOneListing) {
      this.dayOneListing = new Map();
      try {
        for (const name of fs.readdirSync(path.join(this.root, 'photos'))) this.dayOneListing.set(`photos/${name}`.toLowerCase(), `photos/${name}`);
      } catch {
        // No photos/ folder: every photo is missing.
      }
    }
    return this.dayOneListing;
  }

  /** The file an Obsidian embed names: the one nearest the note (most folders in common, then the shallowest). */
  private nearest(from: string, name: string): string | null {
    const wanted = name.replace(/\\/g, '/').replace(/^\.?\//, '').toLowerCase();
    const base = wanted.split('/').pop()!;
    const candidates = (this.names().get(base) ?? []).filter((rel) => rel.toLowerCase() === wanted || rel.toLowerCase().endsWith(`/${wanted}`));
    if (candidates.length === 0) return null;
    const here = from ? from.split('/') : [];
    const score = (rel: string) => {
      const parts = rel.split('/').slice(0, -1);
      let common = 0;
      while (common < parts.length && common < here.length && parts[common] === here[common]) common++;
      return [common, -parts.length] as const;
    };
    return candidates.sort((a, b) => {
      const [ca, da] = score(a);
      const [cb, db] = score(b);
      return cb - ca || db - da || a.localeCompare(b);
    })[0]!;
  }

  /** Every file under the imported folder by lower-cased name (hidden folders and linked folders left out). */
  private names(): Map<string, string[]> {
    if (!this.byName) {
      const byName = new Map<string, string[]>();
      const walk = (dir: string, rel: string) => {
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const entry of entries) {
          if (entry.name.startsWith('.')) continue;
          const childRel = rel ? `${rel}/${entry.name}` : entry.name;
          if (entry.isDirectory()) walk(path.join(dir, entry.name), childRel);
          else if (entry.isFile() || entry.isSymbolicLink()) {
            const key = entry.name.toLowerCase();
            const list = byName.get(key) ?? [];
            list.push(childRel);
            byName.set(key, list);
          }
        }
      };
      walk(this.root, '');
      this.byName = byName;
    }
    return this.byName;
  }
}

class ZipPhotos implements PhotoFiles {
  private zip: yauzl.ZipFile | null = null;
  private readonly entries = new Map<string, yauzl.Entry>();
  private loading: Promise<void> | null = null;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
  ) {}

  ready(): Promise<void> {
    this.loading ??= (async () => {
      let zip: yauzl.ZipFile;
      try {
        zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(this.file, { lazyEntries: true, autoClose: false }, (err, z) => (err || !z ? reject(err) : resolve(z))));
      } catch {
        return; // Reading the entries says what is wrong with the zip.
      }
      this.zip = zip;
      await new Promise<void>((resolve, reject) => {
        zip.on('entry', (entry: yauzl.Entry) => {
          // Photos sit beside the journal file, in photos/ (as the reader of the entries finds them).
          if (!entry.fileName.startsWith('__MACOSX') && !entry.fileName.endsWith('/')) {
            const name = entry.fileName.replace(/^.*?(?=photos\/)/i, '').toLowerCase();
            if (name.startsWith('photos/') && !this.entries.has(name)) this.entries.set(name, entry);
          }
          zip.readEntry();
        });
        zip.on('end', resolve);
        zip.on('error', reject);
        zip.readEntry();
      });
    })();
    return this.loading;
  }

  check(ref: string): PhotoCheck {
    if (ref.startsWith('remote:')) return 'remote';
    return ref.startsWith('dayone:') && this.entries.has(ref.slice('dayone:'.length)) ? 'found' : 'missing';
  }

  problem(ref: string): string | null {
    // Reading a zip's file takes a stream: the preview says only what the zip's list tells.
    const entry = this.entries.get(ref.slice('dayone:'.length));
    return entry && entry.uncompressedSize > this.maxBytes ? tooLarge : null;
  }

  source(ref: string): () => AsyncIterable<Buffer> {
    const entry = this.entries.get(ref.slice('dayone:'.length));
    const zip = this.zip;
    if (!entry || !zip) throw new Error('not a photo of this import');
    return async function* () {
      const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err || !s ? reject(err ?? new Error('unreadable')) : resolve(s))));
      for await (const piece of stream) yield piece as Buffer;
    };
  }

  close(): void {
    this.zip?.close();
    this.zip = null;
  }
}
