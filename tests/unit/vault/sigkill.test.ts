/**
 * Power-cut safety of autosave: a child process saves in a loop and is killed with SIGKILL at a
 * random moment, over and over on the same vault. After every kill the journal must pass the full
 * integrity check and hold every save the child acknowledged (whole text, not just the entry), and
 * search must find each of them by its own words: at once (through the pending index, when the
 * kill left it queued) and after the queue is indexed.
 */
import { describe, expect, it } from 'vitest';
import { queueLength } from '../../../electron/core/db/repos/indexQueue';
import { entryTexts, listEntryTexts } from '../../../electron/core/services/entries';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { search } from '../../../electron/core/services/search';
import { upsertPerson } from '../../../electron/core/services/people';
import { Vault } from '../../../electron/core/vault/vault';
import { autosaveMarker, autosaveText, startsNewEntry } from './fixtures/autosaveText';
import { createVault, PASSPHRASE, prng, runFixture, tempRoot } from './helpers';

const tmp = tempRoot('sigkill');
const ROUNDS = 50;

interface Ack {
  round: number;
  n: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL during autosave', () => {
  it(`leaves a sound journal holding every acknowledged save, each found by search (${ROUNDS} random kills)`, { timeout: 240_000 }, async () => {
    const seed = Number(process.env.MUTUAL_SIGKILL_SEED ?? Date.now() % 2 ** 31);
    const random = prng(seed);
    const why = (text: string) => `${text} (replay with MUTUAL_SIGKILL_SEED=${seed})`;
    const dir = tmp.sub();
    const { vault: created } = await createVault(dir);
    upsertPerson(created.db, { name: 'Sam', kind: 'friend' });
    created.lock();

    /** The last acknowledged step of every entry, over all rounds. */
    const acked = new Map<string, Ack>();
    let totalAcks = 0;
    let roundsKilledWhileSaving = 0;
    let entriesCreatedUnacknowledged = 0;
    let roundsWithQueuedSaves = 0;

    const start = (round: number) => runFixture('autosave.ts', [dir, String(round)], { MUTUAL_TEST_PASSPHRASE: PASSPHRASE });
    let next = start(0);
    for (let round = 0; round < ROUNDS; round++) {
      const child = next;
      // The next child loads its code meanwhile but waits for "go" before it opens the vault.
      if (round + 1 < ROUNDS) next = start(round + 1);
      await child.waitFor((l) => l === 'loaded');
      child.proc.stdin.write('go\n');
      // Mostly kill while saving; one round in five kill at any moment from opening on, which
      // can land while the previous kill's WAL is being recovered.
      if (random() < 0.2) {
        await sleep(Math.floor(random() * 300));
      } else {
        await child.waitFor((l) => l === 'ready');
        await sleep(10 + Math.floor(random() * 290));
      }
      child.proc.kill('SIGKILL');
      const exit = await child.exited;
      expect(exit.signal, why(`round ${round}: the child stopped on its own: ${child.stderr()}`)).toBe('SIGKILL');

      let lastN = -1;
      for (const line of child.lines) {
        const m = /^ack (\S+) (\d+)$/.exec(line);
        if (!m) continue;
        const n = Number(m[2]);
        acked.set(m[1]!, { round, n });
        lastN = n;
        totalAcks++;
      }
      if (lastN >= 0) roundsKilledWhileSaving++;

      const vault = await Vault.unlock(dir, PASSPHRASE);
      try {
        expect(vault.checkIntegrity(), why(`round ${round}: integrity`)).toEqual([]);
        for (const [id, ack] of acked) {
          const given = entryTexts(vault.db, id).given;
          const m = /^r(\d+)n(\d+) /.exec(given);
          expect(m, why(`entry ${id} lost its text`)).not.toBeNull();
          const [round_, n] = [Number(m![1]), Number(m![2])];
          // Saved at the acknowledged step or, in the round just killed, possibly one unacknowledged step later.
          expect(round_, why(`entry ${id}`)).toBe(ack.round);
          expect(n, why(`entry ${id} went back to an older save`)).toBeGreaterThanOrEqual(ack.n);
          if (ack.round === round) expect(n, why(`entry ${id} holds a save never attempted`)).toBeLessThanOrEqual(lastN + 1);
          else expect(n, why(`entry ${id} changed after its round`)).toBe(ack.n);
          expect(given, why(`entry ${id} holds a torn save`)).toBe(autosaveText(round_, n));
          // What survived is now the journal's state; later rounds must keep exactly that.
          acked.set(id, { round: round_, n });
        }
        const all = listEntryTexts(vault.db);
        const unacked = all.filter((e) => !acked.has(e.id));
        // Only the round just killed may have committed one entry whose acknowledgement never arrived.
        for (const e of unacked) {
          const m = /^r(\d+)n(\d+) /.exec(e.given);
          expect(m && Number(m[1]) === round && Number(m[2]) === lastN + 1 && startsNewEntry(lastN + 1), why(`unexpected entry ${e.given.slice(0, 20)}`)).toBe(true);
          acked.set(e.id, { round, n: lastN + 1 });
          entriesCreatedUnacknowledged++;
        }
        // Every surviving save is found by its own words, whether the kill left it queued or not…
        const findsAll = (how: string) => {
          for (const [id, ack] of acked) {
            const hits = search(vault.db, { q: autosaveMarker(ack.round, ack.n) }).hits.map((h) => h.entryId);
            expect(hits, why(`entry ${id} is not found by search ${how}`)).toEqual([id]);
          }
        };
        if (queueLength(vault.db) > 0) roundsWithQueuedSaves++;
        findsAll('right after unlock');
        // …and through the index once the queue is written, as the app does after unlock.
        if (round % 5 === 4) {
          drainIndexQueue(vault.db);
          findsAll('once indexed');
        }
      } finally {
        vault.lock();
      }
    }

    // The schedule really interrupted saving, many times, with real work in between.
    expect(roundsKilledWhileSaving).toBeGreaterThanOrEqual(ROUNDS * 0.4);
    // (Each round runs a few hundred milliseconds; a busy machine saves less in that time.)
    expect(totalAcks).toBeGreaterThan(ROUNDS * 4);
    expect(acked.size).toBeGreaterThan(ROUNDS);
    expect(entriesCreatedUnacknowledged).toBeLessThanOrEqual(ROUNDS);
    // Kills really left saves waiting for the index.
    expect(roundsWithQueuedSaves).toBeGreaterThanOrEqual(ROUNDS * 0.3);
  });
});
