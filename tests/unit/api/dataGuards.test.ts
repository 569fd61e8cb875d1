/**
 * Two guards of Settings → Your data at the handler table: a file that is not a backup is refused
 * before "replace" closes the journal (so a mistake leaves it open and unchanged), and a backup
 * cancelled while it waits for an import writes nothing. Settings name the journal's folder, so
 * the replace confirmation can say what will be moved aside.
 */
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

async function unlocked(): Promise<{ h: Handlers; dir: string; vaultDir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-guards-'));
  temps.push(dir);
  const vaultDir = path.join(dir, 'journal');
  const session = openSession(vaultDir);
  sessions.push(session);
  const h = createHandlers(session);
  expect((await h['vault.create']({ passphrase: 'guards passphrase 1' })).ok).toBe(true);
  await h['settings.set']({ backupEvery: 'off', backupFolder: path.join(dir, 'backups') });
  return { h, dir, vaultDir };
}

async function finished(h: Handlers, jobId: string): Promise<JobStatus> {
  for (let i = 0; i < 2000; i++) {
    const r = await h['jobs.status']({ jobId });
    if (!r.ok) throw new Error(r.error.message);
    if (r.value.state !== 'running') return r.value;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('job did not finish');
}

describe('data guards', () => {
  it('settings name the journal folder', async () => {
    const { h, vaultDir } = await unlocked();
    const s = await h['settings.get']({});
    expect(s.ok && s.value.journalFolder).toBe(path.resolve(vaultDir));
  });

  it('replace with a file that is not a backup is refused, and the journal stays open and unchanged', async () => {
    const { h, dir, vaultDir } = await unlocked();
    await h['entries.create']({ date: '2026-01-01', doc: docFromPlainText({ note: 'still here' }) });
    const notBackup = path.join(dir, 'notes.txt');
    fs.writeFileSync(notBackup, 'just some notes');
    const r = await h['backup.restore']({ mode: 'replace', file: notBackup, confirm: 'Replace my journal' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('is not a Mutual backup') } });
    expect(await h['vault.status']({})).toEqual({ ok: true, value: { state: 'unlocked' } });
    const list = await h['entries.list']({});
    expect(list.ok && list.value.total).toBe(1);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(`${path.basename(vaultDir)}.replaced-`))).toEqual([]);
  });

  it('a backup cancelled while it waits for an import writes nothing', async () => {
    const { h, dir } = await unlocked();
    const source = path.join(dir, 'big.json');
    const entries = Array.from({ length: 3000 }, (_, i) => ({ creationDate: new Date(Date.UTC(2015, 0, 1) + i * 3600_000).toISOString(), text: `Entry ${i}` }));
    fs.writeFileSync(source, JSON.stringify({ metadata: { version: '1.0' }, entries }));
    const run = await h['import.run']({ format: 'dayone', source });
    if (!run.ok) throw new Error(run.error.message);
    for (;;) {
      const s = await h['jobs.status']({ jobId: run.value.jobId });
      if (s.ok && s.value.done > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const out = path.join(dir, 'during.mutualbackup');
    const backup = await h['backup.run']({ out });
    if (!backup.ok) throw new Error(backup.error.message);
    await h['jobs.cancel']({ jobId: backup.value.jobId });
    expect((await finished(h, backup.value.jobId)).state).toBe('cancelled');
    expect((await finished(h, run.value.jobId)).state).toBe('done');
    expect(fs.existsSync(out)).toBe(false);
  });
});
