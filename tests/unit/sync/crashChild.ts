/**
 * Child process for the sync crash test (crash.test.ts): once told "go", unlocks a journal that
 * syncs through a folder and works until it is killed with SIGKILL.
 *
 *   write <dir> <entry id> <tag>   types a word into the entry, saves, prints "ack <word>" once the
 *                                  save has returned, runs a round (collect, write, apply); forever.
 *   apply <dir> <entry id> <tag>   runs rounds that apply the other computer's waiting files, and
 *                                  between two files types a word of its own into the same entry
 *                                  (as the journal worker lets saves run between files), printing
 *                                  "ack <word>" after each save; after the first round, rounds forever.
 *
 * Words are `<tag>n<i>x`, unique over every child of a test.
 */
import { getEntry, saveEntry } from '../../../electron/core/services/entries';
import { syncRound } from '../../../electron/core/sync/engine';
import { Vault } from '../../../electron/core/vault/vault';
import type { EntryDoc } from '../../../electron/shared/doc';

const [mode, dir, entryId, tag] = process.argv.slice(2) as [string, string, string, string];

process.stdout.write('loaded\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const vault = await Vault.unlock(dir, process.env.MUTUAL_TEST_PASSPHRASE ?? '');
const { db } = vault;
process.stdout.write('ready\n');

let n = 0;
/** Appends the next word to the entry's first paragraph and saves; acknowledges it once saved. */
function typeWord(): void {
  const word = `${tag}n${n++}x`;
  const doc = structuredClone(getEntry(db, entryId).doc) as EntryDoc;
  const paragraph = doc.content[0].content[0]!;
  const text = (paragraph.content ?? []).map((t) => t.text ?? '').join('');
  paragraph.content = [{ type: 'text', text: text ? `${text} ${word}` : word }];
  saveEntry(db, { id: entryId, doc });
  // Synchronous on pipes on Linux: once this returns, the parent can read the line.
  process.stdout.write(`ack ${word}\n`);
}

const round = async (between?: () => void) => {
  const dataKey = vault.copyDataKey();
  try {
    return await syncRound({ db, dataKey }, between ? { between } : {});
  } finally {
    dataKey.fill(0);
  }
};

if (mode === 'write') {
  for (;;) {
    typeWord();
    const report = await round();
    process.stdout.write(`round ${report.wrote} ${report.applied}\n`);
  }
} else if (mode === 'apply') {
  for (;;) {
    const report = await round(typeWord);
    process.stdout.write(`round ${report.wrote} ${report.applied}\n`);
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
