/**
 * Exports are plaintext, so they are made private (folders 0700, files 0600) and each one says
 * it is not encrypted: a README in the Markdown folder, a "notice" in the JSON, a quote at the top
 * of a person's page. The JSON keeps format version 1, and import reads exports with and without
 * the notice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEntry, listEntryTexts } from '../../../electron/core/services/entries';
import { exportJson, exportMarkdown, MARKDOWN_NOTICE_FILE } from '../../../electron/core/services/export';
import { runImport } from '../../../electron/core/services/import';
import { upsertPerson } from '../../../electron/core/services/people';
import { exportPersonMarkdown } from '../../../electron/core/services/personPage';
import type { Vault } from '../../../electron/core/vault/vault';
import { EXPORT_FORMAT_VERSION } from '../../../electron/shared/exportFormat';
import { EXPORT_NOT_ENCRYPTED_WARNING } from '../../../electron/shared/exportWarning';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('export-privacy');
const vaults: Vault[] = [];
let root = '';
let vault: Vault;
let personId = '';

beforeEach(async () => {
  root = tmp.sub('case');
  fs.mkdirSync(root);
  vault = (await createVault(path.join(root, 'journal'))).vault;
  vaults.push(vault);
  const sam = upsertPerson(vault.db, { name: 'Sam' });
  personId = sam.id;
  createEntry(vault.db, { date: '2026-03-02', doc: doc({ given: 'Drove Sam to the station' }, [sam]) });
});
afterEach(() => {
  for (const v of vaults.splice(0)) v.lock();
});

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** Every folder and file under `dir` (itself included) with its permission bits. */
function modesUnder(dir: string): Record<string, number> {
  const out: Record<string, number> = { '.': modeOf(dir) };
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      out[path.relative(dir, full)] = modeOf(full);
      if (e.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

describe('a Markdown export', () => {
  it('is a private folder (0700) of private files (0600), the folders made on the way included', async () => {
    const target = path.join(root, 'made', 'on-the-way', 'md');
    await exportMarkdown(vault.db, target);
    const modes = modesUnder(target);
    for (const [name, mode] of Object.entries(modes)) {
      const isDir = fs.statSync(path.join(target, name)).isDirectory();
      expect(mode.toString(8), name).toBe(isDir ? '700' : '600');
    }
    expect(Object.keys(modes)).toEqual(expect.arrayContaining(['.', 'entries', 'people', MARKDOWN_NOTICE_FILE, 'people/Sam.md']));
    expect(modeOf(path.join(root, 'made')).toString(8)).toBe('700');
    expect(modeOf(path.join(root, 'made', 'on-the-way')).toString(8)).toBe('700');
  });

  it('carries a plain-text notice that it is not encrypted, which an import of the folder skips', async () => {
    const target = path.join(root, 'md');
    await exportMarkdown(vault.db, target);
    const notice = fs.readFileSync(path.join(target, MARKDOWN_NOTICE_FILE), 'utf8');
    expect(notice).toContain('NOT ENCRYPTED');
    expect(notice).toContain(EXPORT_NOT_ENCRYPTED_WARNING);
    const other = (await createVault(path.join(root, 'other'))).vault;
    vaults.push(other);
    expect(await runImport(other.db, 'markdown', path.join(target, 'entries'), { Sam: 'create' })).toMatchObject({ entries: 1 });
  });
});

describe('a JSON export', () => {
  it('is a private file (0600) with the notice, still format version 1', async () => {
    const file = path.join(root, 'new-folder', 'out.json');
    await exportJson(vault.db, file);
    expect(modeOf(file).toString(8)).toBe('600');
    expect(modeOf(path.dirname(file)).toString(8)).toBe('700');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ format: 'mutual-export', version: 1, notice: EXPORT_NOT_ENCRYPTED_WARNING });
    expect(EXPORT_FORMAT_VERSION).toBe(1);
    // The notice is near the top, where someone opening the file sees it first.
    expect(fs.readFileSync(file, 'utf8').split('\n').slice(0, 5).join('\n')).toContain('not encrypted');
  });

  it('import reads exports with the notice and earlier ones without it', async () => {
    const file = path.join(root, 'out.json');
    await exportJson(vault.db, file);
    const old = path.join(root, 'old.json');
    const { notice: _notice, ...earlier } = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(old, JSON.stringify(earlier));
    expect(fs.readFileSync(old, 'utf8')).not.toContain('notice');
    for (const source of [file, old]) {
      const other = (await createVault(path.join(root, `from-${path.basename(source)}`))).vault;
      vaults.push(other);
      expect(await runImport(other.db, 'json', source)).toEqual({ entries: 1, peopleCreated: 1 });
      expect(listEntryTexts(other.db).map((t) => t.given)).toEqual(['Drove Sam to the station']);
    }
  });
});

describe("a person's page", () => {
  it('is a private file (0600) that says it is not encrypted', () => {
    const file = path.join(root, 'pages', 'sam.md');
    exportPersonMarkdown(vault.db, personId, file);
    expect(modeOf(file).toString(8)).toBe('600');
    expect(modeOf(path.dirname(file)).toString(8)).toBe('700');
    expect(fs.readFileSync(file, 'utf8')).toContain(EXPORT_NOT_ENCRYPTED_WARNING);
  });
});
