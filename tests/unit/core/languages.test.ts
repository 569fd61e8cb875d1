/**
 * Text in any language is findable: every word a person can see in an entry — in Chinese,
 * Japanese, Korean and Thai, written without spaces between words, as much as in Latin script with
 * its accents — finds that entry, whether the entry is still in the index queue or indexed; a word
 * that is not there finds nothing; snippets show the text as written.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../electron/core/db/connection';
import { createEntry, deleteEntry } from '../../../electron/core/services/entries';
import { drainIndexQueue } from '../../../electron/core/services/indexing';
import { upsertPerson } from '../../../electron/core/services/people';
import { search } from '../../../electron/core/services/search';
import type { Vault } from '../../../electron/core/vault/vault';
import { INDEX_SEPARATOR, segmentForIndex, unsegment } from '../../../electron/shared/segment';
import { createVault, doc, tempRoot } from '../vault/helpers';

const tmp = tempRoot('languages');
let vault: Vault;
let db: Db;

beforeAll(async () => {
  ({ vault } = await createVault(tmp.sub()));
  db = vault.db;
});
afterAll(() => vault.lock());

const ids = (q: string) => search(db, { q }).hits.map((h) => h.entryId);
const matched = (q: string) => search(db, { q }).hits[0]?.snippet.filter((p) => p.match).map((p) => p.text) ?? [];

describe('search in every language', () => {
  it('finds words inside Chinese, Japanese, Korean and Thai text, queued and indexed', () => {
    const zh = createEntry(db, { date: '2026-10-12', doc: doc({ note: '我们在台北回家吃饭，很开心。' }) }).id;
    const ja = createEntry(db, { date: '2026-10-13', doc: doc({ given: '東京で友達に会って、コーヒーを飲んだ。' }) }).id;
    const ko = createEntry(db, { date: '2026-10-14', doc: doc({ received: '어머니가 학교에 데려다 주셨다' }) }).id;
    const th = createEntry(db, { date: '2026-10-15', doc: doc({ unsaid: 'ฉันไปตลาดกับแม่เมื่อวานนี้' }) }).id;
    const latin = createEntry(db, { date: '2026-10-16', doc: doc({ note: 'Crème brûlée with Zoë at the café' }) }).id;
    for (const phase of ['queued', 'indexed']) {
      if (phase === 'indexed') drainIndexQueue(db);
      for (const word of ['台北', '回家', '吃', '开心']) expect(ids(word), `${word} (${phase})`).toEqual([zh]);
      for (const word of ['友達', 'コーヒー', '東京']) expect(ids(word), `${word} (${phase})`).toEqual([ja]);
      for (const word of ['학교', '어머니']) expect(ids(word), `${word} (${phase})`).toEqual([ko]);
      for (const word of ['ตลาด', 'แม่']) expect(ids(word), `${word} (${phase})`).toEqual([th]);
      // Latin behaviour unchanged: accents folded, prefixes, phrases.
      expect(ids('creme'), phase).toEqual([latin]);
      expect(ids('zoe'), phase).toEqual([latin]);
      expect(ids('brû*'), phase).toEqual([latin]);
      expect(ids('"at the cafe"'), phase).toEqual([latin]);
      // Characters that do not stand together are not a match.
      expect(ids('台饭'), phase).toEqual([]);
      // Snippets show the words as written, the match as one piece.
      expect(matched('台北'), phase).toEqual(['台北']);
      const snippet = search(db, { q: '友達' }).hits[0]!.snippet.map((p) => p.text).join('');
      expect(snippet, phase).toContain('東京で友達に会って');
      expect(snippet, phase).not.toContain(INDEX_SEPARATOR);
    }
    for (const id of [zh, ja, ko, th, latin]) deleteEntry(db, id);
    drainIndexQueue(db);
  });

  it('finds a person by any part of a name in an unspaced script', () => {
    const wang = upsertPerson(db, { name: '王小明', kind: 'friend' });
    const entry = createEntry(db, { date: '2026-10-20', doc: doc({ given: '一起散步' }, [wang]) }).id;
    expect(ids('小明')).toEqual([entry]);
    drainIndexQueue(db);
    expect(ids('小明')).toEqual([entry]);
    expect(ids('person:王小明 散步')).toEqual([entry]);
    deleteEntry(db, entry);
    drainIndexQueue(db);
  });

  it('keeps the index separator out of what a person wrote', () => {
    const entry = createEntry(db, { date: '2026-10-21', doc: doc({ note: `split${INDEX_SEPARATOR}word` }) });
    expect(ids('splitword')).toEqual([entry.id]);
    expect(ids('word')).toEqual([]);
    deleteEntry(db, entry.id);
    drainIndexQueue(db);
  });

  it('segments only unspaced scripts, and unsegment gives the text back', () => {
    expect(segmentForIndex('Zoë and Sam')).toBe('Zoë and Sam');
    expect(unsegment(segmentForIndex('去台北 with Zoë 🌷 ภาษาไทย'))).toBe('去台北 with Zoë 🌷 ภาษาไทย');
  });

  // Words from several scripts, joined the way each script is written: spaces between Latin words,
  // none inside a run of Chinese or Thai.
  const latinWord = fc.stringMatching(/^[a-z]{3,9}$/);
  const accented = fc.constantFrom('crème', 'brûlée', 'Zoë', 'naïve', 'façade', 'Ångström', 'señora', 'Łódź', 'straße');
  const han = fc.array(fc.constantFrom(...'我们你他她在家回吃饭茶山水火车站朋友台北东京学校老师谢谢爱心'), { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
  const thai = fc.array(fc.constantFrom('ฉัน', 'ไป', 'ตลาด', 'กับ', 'แม่', 'บ้าน', 'อาหาร', 'เพื่อน', 'ขอบคุณ', 'รัก'), { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
  const kana = fc.array(fc.constantFrom(...'ありがとうこんにちはコーヒーカタ'), { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
  const emoji = fc.constantFrom('🌷', '🫶', '☕️', '👩‍👩‍👧');
  const text = fc.array(fc.oneof(latinWord, accented, han, thai, kana, emoji), { minLength: 1, maxLength: 12 }).map((parts) => parts.join(' '));

  it('finds the entry by every word Intl.Segmenter sees in it, and finds nothing by a word that is absent', () => {
    const words = new Intl.Segmenter(undefined, { granularity: 'word' });
    fc.assert(
      fc.property(text, fc.boolean(), (note, indexed) => {
        const entry = createEntry(db, { date: '2026-11-01', doc: doc({ note }) }).id;
        if (indexed) drainIndexQueue(db);
        try {
          for (const { segment, isWordLike } of words.segment(note)) {
            if (!isWordLike) continue;
            expect(ids(segment), `“${segment}” in “${note}”`).toContain(entry);
          }
          const absent = 'qzxv' + 'jkw'.repeat(3);
          expect(ids(absent)).toEqual([]);
          const missingHan = [...'鬱龘齉'].find((c) => !note.includes(c))!;
          expect(ids(missingHan)).toEqual([]);
        } finally {
          deleteEntry(db, entry);
          drainIndexQueue(db);
        }
      }),
      { numRuns: Number(process.env.LANG_RUNS ?? 60) },
    );
  });
});
