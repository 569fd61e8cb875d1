/**
 * Making words findable in scripts written without spaces between them (Chinese, Japanese,
 * Korean's syllable blocks, Thai, Lao, Khmer, Myanmar…). SQLite's unicode61 tokenizer splits text
 * at spaces and punctuation, so a whole run such as 我们在台北回家吃饭 was one "word" and 台北 was
 * never found in it.
 *
 * Before text enters the search index, every grapheme of such a script is set apart with
 * INDEX_SEPARATOR, a private-use character the index's tokenizer is told is a separator (migration
 * 0050); a query's words get the same treatment, so 台北 becomes the phrase 台 北 and matches
 * wherever those characters stand together — the way a person reads them, whatever a dictionary
 * would call a word. The same function runs at both ends, so they always agree. Latin, Cyrillic,
 * Greek and every other spaced script pass through unchanged (accent folding, prefixes and phrases
 * behave as before), and the text shown to the person is never segmented: stored texts stay as
 * written, and the separator is taken out of snippets.
 *
 * Pure (Intl.Segmenter is in Node and Chromium): used by the core and by the renderer's highlight.
 */

/** Told to the tokenizer as a separator; never kept in anything a person wrote. */
export const INDEX_SEPARATOR = '\uE000';

/**
 * Scripts whose words are not separated by spaces. Script_Extensions, not Script: marks shared by
 * these scripts (the long-vowel mark ー, iteration marks) belong to them too, so ー in あーー is a
 * character of its own at both ends instead of sticking to its neighbours differently.
 */
const UNSPACED =
  /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}\p{scx=Tibetan}\p{scx=Yi}\p{scx=Bopomofo}]/u;

let graphemes: Intl.Segmenter | null = null;

/** Whether the text holds any character of a script written without spaces. */
export function hasUnspacedScript(text: string): boolean {
  return UNSPACED.test(text);
}

/** The text as the search index reads it: each grapheme of an unspaced script a word of its own. */
export function segmentForIndex(text: string): string {
  if (!UNSPACED.test(text)) return text;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    out += UNSPACED.test(segment) ? INDEX_SEPARATOR + segment + INDEX_SEPARATOR : segment;
  }
  return out;
}

/** Takes the separator out again (snippets come back from the index segmented). */
export function unsegment(text: string): string {
  return text.includes(INDEX_SEPARATOR) ? text.replaceAll(INDEX_SEPARATOR, '') : text;
}
