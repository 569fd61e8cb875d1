/**
 * An entry's text from standard input or from the person's editor, for `mutual add --stdin` and
 * `mutual add --edit`, so that what someone writes never sits in the process list (`ps`) or the
 * shell's history as --given/--note arguments do.
 *
 * The text is the four parts under headings: a line `## Given`, `## Received`, `## Unsaid` or
 * `## Note` (any number of #, any case) starts that part; text before the first heading is the
 * Note. `<!-- … -->` is left out (the editor's template explains itself that way).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from './errors';
import type { Io } from './io';

export type SectionTexts = { given?: string; received?: string; unsaid?: string; note?: string };

const HEADING = /^#{1,6}\s*(given|received|unsaid|note)\s*:?\s*$/i;

export const EDITOR_TEMPLATE = `<!-- Write under each heading; leave a part empty to skip it. Save and close the editor to add
     the entry; close it with nothing written to add nothing. Lines like this one are left out. -->

## Given


## Received


## Unsaid


## Note

`;

/** The four parts of an entry written as text under headings. */
export function sectionsFromText(text: string): SectionTexts {
  const parts: Record<keyof SectionTexts, string[]> = { given: [], received: [], unsaid: [], note: [] };
  let current: keyof SectionTexts = 'note';
  const cleaned = text.replace(/\r\n?/g, '\n').replace(/<!--[\s\S]*?-->/g, '');
  for (const line of cleaned.split('\n')) {
    const heading = HEADING.exec(line.trim());
    if (heading) current = heading[1]!.toLowerCase() as keyof SectionTexts;
    else parts[current].push(line);
  }
  const out: SectionTexts = {};
  for (const kind of Object.keys(parts) as (keyof SectionTexts)[]) {
    const body = parts[kind].join('\n').trim();
    if (body) out[kind] = body;
  }
  return out;
}

/** Everything on standard input, as UTF-8. */
export async function readStdin(io: Io): Promise<string> {
  if (io.stdin.isTTY) throw new UsageError('--stdin reads the entry from a pipe or a file (mutual add --stdin < entry.txt); to type it, use --edit.');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Opens $VISUAL or $EDITOR (else vi) on the template and returns what was saved. The text lives
 * in a private temporary folder (0700, the file 0600) only while the editor is open; the file is
 * overwritten and removed afterwards, whatever happens.
 */
export function editInEditor(io: Io): string {
  const editor = io.env.VISUAL?.trim() || io.env.EDITOR?.trim() || 'vi';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-entry-'));
  fs.chmodSync(dir, 0o700);
  const file = path.join(dir, `entry-${crypto.randomBytes(4).toString('hex')}.md`);
  try {
    fs.writeFileSync(file, EDITOR_TEMPLATE, { mode: 0o600, flag: 'wx' });
    // Through the shell, as git runs the editor: EDITOR may carry arguments ("code --wait").
    const result = spawnSync(`${editor} "$MUTUAL_ENTRY_FILE"`, { shell: true, stdio: 'inherit', env: { ...process.env, ...io.env, MUTUAL_ENTRY_FILE: file } });
    if (result.error) throw new UsageError(`Could not start the editor “${editor}”: ${result.error.message}. Set EDITOR to one you have.`);
    if (result.status !== 0) throw new UsageError(`The editor “${editor}” stopped with an error (exit ${result.status ?? result.signal}); nothing was added.`);
    return fs.readFileSync(file, 'utf8');
  } finally {
    try {
      const size = fs.statSync(file).size;
      fs.writeFileSync(file, Buffer.alloc(size));
    } catch {
      // Nothing was written, or it is gone already.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
