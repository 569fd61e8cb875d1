import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandlerTable as Handlers } from '../../../electron/shared/handlerTable';
import { createHandlers } from '../../../electron/core/handlers';
import { openSession } from '../../../electron/core/session/session';
import type { JobStatus } from '../../../electron/shared/contract';
import { docFromPlainText } from '../../../electron/shared/doc';

const temps: string[] = [];
const sessions: { close(): void }[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-jobs-'));
  temps.push(dir);
  return dir;
}

async function unlocked(): Promise<{ h: Handlers; dir: string }> {
  const dir = tempDir();
  const session = openSession(path.join(dir, 'journal'));
  sessions.push(session);
  const h = createHandlers(session);
  const created = await h['vault.create']({ passphrase: 'jobs passphrase 1' });
  expect(created.ok).toBe(true);
  return { h, dir };
}

async function finished(h: Handlers, jobId: string): Promise<JobStatus> {
  for (let i = 0; i < 500; i++) {
    const r = await h['jobs.status']({ jobId });
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.state !== 'running') return r.value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('job did not finish');
}

function bigDayOne(dir: string, n: number): string {
  const file = path.join(dir, 'big.json');
  const entries = Array.from({ length: n }, (_, i) => ({ creationDate: new Date(Date.UTC(2015, 0, 1) + i * 3600_000).toISOString(), text: `Entry ${i}: tea with @Sam by the river` }));
  fs.writeFileSync(file, JSON.stringify({ metadata: { version: '1.0' }, entries }));
  return file;
}

describe('jobs over the handler table', () => {
  it('export reports counts and finishes with a summary', async () => {
    const { h, dir } = await unlocked();
    for (let i = 0; i < 3; i++) await h['entries.create']({ date: `2026-01-0${i + 1}`, doc: docFromPlainText({ note: `day ${i}` }) });
    const started = await h['export.run']({ format: 'json', out: path.join(dir, 'out.json') });
    if (!started.ok) throw new Error(started.error.message);
    const status = await finished(h, started.value.jobId);
    expect(status).toMatchObject({ state: 'done', done: 3, total: 3, result: { entries: 3, people: 0 } });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).entries).toHaveLength(3);
  });

  it('a failed job carries a message a person can act on', async () => {
    const { h, dir } = await unlocked();
    fs.writeFileSync(path.join(dir, 'taken.json'), 'mine');
    const started = await h['export.run']({ format: 'json', out: path.join(dir, 'taken.json') });
    if (!started.ok) throw new Error(started.error.message);
    const status = await finished(h, started.value.jobId);
    expect(status.state).toBe('failed');
    expect(status.error?.message).toMatch(/will not overwrite/);
  });

  it('relative paths are refused before anything runs', async () => {
    const { h } = await unlocked();
    const r = await h['export.run']({ format: 'json', out: 'relative/out.json' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('an import previews names, then imports; a save made meanwhile waits and is kept', async () => {
    const { h, dir } = await unlocked();
    const file = bigDayOne(dir, 1500);
    const preview = await h['import.preview']({ format: 'dayone', source: file });
    if (!preview.ok) throw new Error(preview.error.message);
    const previewed = await finished(h, preview.value.jobId);
    expect(previewed.result).toMatchObject({ entries: 1500, candidates: [{ name: 'Sam', count: 1500, match: null }] });

    const run = await h['import.run']({ format: 'dayone', source: file, people: { Sam: 'create' } });
    if (!run.ok) throw new Error(run.error.message);
    const save = h['entries.create']({ date: '2026-02-02', doc: docFromPlainText({ note: 'written during the import' }) });
    const imported = await finished(h, run.value.jobId);
    expect(imported).toMatchObject({ state: 'done', result: { entries: 1500, peopleCreated: 1 } });
    expect((await save).ok).toBe(true);
    const list = await h['entries.list']({ limit: 1 });
    expect(list.ok && list.value.total).toBe(1501);
  });

  it('cancelling an import leaves the journal exactly as it was', async () => {
    const { h, dir } = await unlocked();
    await h['entries.create']({ date: '2026-02-02', doc: docFromPlainText({ note: 'before' }) });
    const file = bigDayOne(dir, 3000);
    const run = await h['import.run']({ format: 'dayone', source: file, people: { Sam: 'create' } });
    if (!run.ok) throw new Error(run.error.message);
    for (;;) {
      const s = await h['jobs.status']({ jobId: run.value.jobId });
      if (s.ok && s.value.done > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await h['jobs.cancel']({ jobId: run.value.jobId });
    expect((await finished(h, run.value.jobId)).state).toBe('cancelled');
    const list = await h['entries.list']({});
    expect(list.ok && list.value.total).toBe(1);
    const people = await h['people.list']({});
    expect(people.ok && people.value).toEqual([]);
  });

  it('backup now writes an encrypted backup into the chosen folder and remembers when', async () => {
    const { h, dir } = await unlocked();
    const folder = path.join(dir, 'my-backups');
    await h['settings.set']({ backupFolder: folder, backupKeep: 2 });
    for (let i = 0; i < 3; i++) {
      const r = await h['backup.run']({});
      if (!r.ok) throw new Error(r.error.message);
      expect((await finished(h, r.value.jobId)).state).toBe('done');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(fs.readdirSync(folder).filter((f) => f.endsWith('.mutualbackup'))).toHaveLength(2);
    const settings = await h['settings.get']({});
    expect(settings.ok && settings.value.lastBackupAt).toBeTruthy();
  });

  it('replacing the journal needs the confirmation words and keeps the old journal aside', async () => {
    const { h, dir } = await unlocked();
    const backup = path.join(dir, 'b.mutualbackup');
    const r = await h['backup.run']({ out: backup });
    if (!r.ok) throw new Error(r.error.message);
    await finished(h, r.value.jobId);
    const refused = await h['backup.restore']({ mode: 'replace', file: backup } as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const replaced = await h['backup.restore']({ mode: 'replace', file: backup, confirm: 'Replace my journal' });
    expect(replaced.ok && replaced.value.keptAt).toMatch(/journal\.replaced-/);
    expect((await h['vault.status']({})).ok && (await h['vault.status']({}))).toMatchObject({ value: { state: 'locked' } });
  });
});
