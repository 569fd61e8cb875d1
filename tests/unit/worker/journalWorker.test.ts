/**
 * The journal in its own thread: the relaying side (what Electron main and the web host run)
 * only passes calls and events, the key stays in the worker, and a worker that dies is reported
 * and replaced without losing anything that was acknowledged as saved.
 *
 * Runs the built worker (out/node/journalWorker.js, rebuilt from sources by tests/globalSetup.ts).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalClient, WORKER_STOPPED_MESSAGE } from '../../../electron/core/worker/client';
import type { JournalEvent } from '../../../electron/shared/events';
import { docFromPlainText } from '../../../electron/shared/doc';
import { repoRoot, tempRoot } from '../vault/helpers';

const workerFile = path.join(repoRoot, 'out/node/journalWorker.js');
const tmp = tempRoot('worker');
const PASSPHRASE = 'a passphrase for the worker test';
const clients: JournalClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

async function start(): Promise<{ client: JournalClient; events: JournalEvent[]; dir: string }> {
  const dir = tmp.sub();
  const client = await JournalClient.start({ vaultDir: dir, workerFile });
  clients.push(client);
  const events: JournalEvent[] = [];
  client.onEvent((e) => events.push(e));
  return { client, events, dir };
}

const note = (text: string) => docFromPlainText({ note: text });

describe('the journal worker', () => {
  it('serves the whole handler table and tells the relaying thread when the journal unlocks and locks', async () => {
    const { client, events } = await start();
    expect(client.state()).toBe('new');
    const created = await client.handlers['vault.create']({ passphrase: PASSPHRASE });
    expect(created.ok).toBe(true);
    expect(client.isUnlocked()).toBe(true);
    const entry = await client.handlers['entries.create']({ date: '2026-11-30', doc: note('Walked with Maya to the ferry') });
    if (!entry.ok) throw new Error(entry.error.message);
    const found = await client.handlers['search.query']({ q: 'ferry' });
    expect(found.ok && found.value.hits.map((h) => h.entryId)).toEqual([entry.value.id]);
    // Bad input is answered, not thrown, through the thread boundary too.
    const refused = await client.handlers['entries.save']({ id: entry.value.id, doc: { type: 'nonsense' } });
    expect(refused.ok ? null : refused.error.code).toBe('BAD_INPUT');

    await client.lock('idle');
    expect(client.isUnlocked()).toBe(false);
    const locked = await client.handlers['search.query']({ q: 'ferry' });
    expect(locked.ok ? null : locked.error.code).toBe('VAULT_LOCKED');
    expect(events.filter((e) => e.name === 'status').map((e) => e.detail)).toEqual([{ state: 'unlocked' }, { state: 'locked', cause: 'idle' }]);
  });

  it('announces a job’s progress and end as events, without being polled', async () => {
    const { client, events, dir } = await start();
    await client.handlers['vault.create']({ passphrase: PASSPHRASE });
    for (let i = 0; i < 5; i++) await client.handlers['entries.create']({ date: `2026-11-0${i + 1}`, doc: note(`entry ${i}`) });
    const started = await client.handlers['export.run']({ format: 'json', out: path.join(path.dirname(dir), `export-${path.basename(dir)}.json`) });
    if (!started.ok) throw new Error(started.error.message);
    await expect.poll(() => events.some((e) => e.name === 'job' && e.detail.id === started.value.jobId && e.detail.state === 'done'), { timeout: 10_000 }).toBe(true);
    const jobEvents = events.filter((e) => e.name === 'job');
    expect(jobEvents[0]!.detail).toMatchObject({ state: 'running' });
    expect(jobEvents.at(-1)!.detail).toMatchObject({ state: 'done', done: 5, total: 5 });
  });

  it('moves the remembered key out and back in, zeroing the copies it hands over', async () => {
    const { client } = await start();
    await client.handlers['vault.create']({ passphrase: PASSPHRASE });
    const key = await client.copyDataKey();
    expect(key).toHaveLength(32);
    expect(key.some((b) => b !== 0)).toBe(true);
    await client.lock('request');
    const kept = Buffer.from(key);
    await client.unlockWithDataKey(key);
    expect(key.every((b) => b === 0)).toBe(true);
    expect(client.isUnlocked()).toBe(true);
    kept.fill(0);
  });

  it('after a crash, answers the calls that were waiting, says the journal locked, restarts, and keeps every acknowledged save', async () => {
    const { client, events } = await start();
    await client.handlers['vault.create']({ passphrase: PASSPHRASE });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const saved = await client.handlers['entries.create']({ date: '2026-11-30', doc: note(`acknowledged ${i} lighthouse${i}`) });
      if (!saved.ok) throw new Error(saved.error.message);
      ids.push(saved.value.id);
    }
    // Saved and answered, but not yet in the search index: the crash comes before the background step.
    const [crash, during] = await Promise.all([client.crashForTest(), client.handlers['search.query']({ q: 'lighthouse0' })]);
    for (const answer of [crash, during]) expect(answer).toEqual({ ok: false, error: { code: 'INTERNAL', message: WORKER_STOPPED_MESSAGE } });
    await expect.poll(() => events.some((e) => e.name === 'status' && e.detail.cause === 'stopped'), { timeout: 10_000 }).toBe(true);
    expect(client.isUnlocked()).toBe(false);

    const unlocked = await client.handlers['vault.unlock']({ passphrase: PASSPHRASE });
    expect(unlocked.ok).toBe(true);
    for (let i = 0; i < 10; i++) {
      const found = await client.handlers['search.query']({ q: `lighthouse${i}` });
      expect(found.ok && found.value.hits.map((h) => h.entryId)).toEqual([ids[i]]);
    }
    await client.indexIdle();
    const all = await client.handlers['entries.list']({ limit: 100 });
    expect(all.ok && all.value.total).toBe(10);
  });
});
