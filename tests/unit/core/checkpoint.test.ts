/**
 * Checkpoints are background work: a save never waits while SQLite copies the write-ahead log
 * into the database (its own checkpoint after a commit is only a far-off safety net), and the
 * index drainer folds the log in once it is idle after a few dozen writes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { AUTO_CHECKPOINT_PAGES } from '../../../electron/core/db/connection';
import { createEntry, saveEntry } from '../../../electron/core/services/entries';
import { CHECKPOINT_AFTER_WRITES, IndexDrainer } from '../../../electron/core/session/indexDrainer';
import type { Vault } from '../../../electron/core/vault/vault';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('checkpoint');
const open: Vault[] = [];
const drainers: IndexDrainer[] = [];
afterEach(() => {
  for (const d of drainers.splice(0)) d.stop();
  for (const v of open.splice(0)) v.lock();
});

async function journal(): Promise<Db> {
  const { vault } = await createVault(tmp.sub());
  open.push(vault);
  return vault.db;
}

/** Frames in the write-ahead log now (a PASSIVE checkpoint reports them as it runs). */
function framesInLog(db: Db): number {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
  return row!.log;
}

/** Saves `n` times through a drainer, as a session does, waits until it is idle, and says whether it checkpointed. */
async function typeAndRest(n: number): Promise<boolean> {
  const db = await journal();
  const drainer = new IndexDrainer({ db: () => db, blocked: () => false, quietMs: 5, maxLagMs: 50 });
  drainers.push(drainer);
  const pragma = vi.spyOn(db, 'pragma');
  const entry = createEntry(db, { date: '2026-05-01', doc: doc({ note: 'start' }) });
  drainer.nudge();
  let text = 'start';
  for (let i = 0; i < n - 1; i++) {
    text += ` word${i}`;
    saveEntry(db, { id: entry.id, doc: doc({ note: text }) });
    drainer.nudge();
  }
  await drainer.idle();
  const checkpointed = pragma.mock.calls.some(([source]) => /wal_checkpoint/i.test(String(source)));
  pragma.mockRestore();
  return checkpointed;
}

describe('checkpoints', () => {
  it("are not run by a save: SQLite's own is set far off", async () => {
    const db = await journal();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTO_CHECKPOINT_PAGES);
    const entry = createEntry(db, { date: '2026-05-01', doc: doc({ note: 'one' }) });
    // Enough writing for SQLite's default (1,000 pages) to have checkpointed at least once.
    for (let i = 0; i < 150; i++) saveEntry(db, { id: entry.id, doc: doc({ note: Array.from({ length: 3000 }, (_, w) => `w${(w * 7 + i) % 997}`).join(' ') }) });
    expect(framesInLog(db)).toBeGreaterThan(1000);
  });

  it('are run by the index drainer once idle after enough writes, and not after a few', async () => {
    expect(await typeAndRest(CHECKPOINT_AFTER_WRITES - 10)).toBe(false);
    expect(await typeAndRest(CHECKPOINT_AFTER_WRITES + 10)).toBe(true);
  });
});
