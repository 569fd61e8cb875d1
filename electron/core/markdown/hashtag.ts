/**
 * `#tags` as Markdown syntax: a micromark text construct, its mdast node (`hashtag`) and how
 * mdast-util-to-markdown writes it back. Tags are parsed by the same tokenizer that reads
 * everything else, so a tag is never found inside code, a link's address or an escape (`\#not`),
 * and the writer escapes a literal `#` that would otherwise read back as a tag.
 *
 * The rules are Obsidian's and jrnl's: a tag starts after whitespace or at the start of a line,
 * runs over letters, digits, marks, `_`, `-` and `/` (and emoji), and is not only digits
 * (`#1` is a number, not a tag).
 */
import type { Extension as FromMarkdownExtension, CompileContext, Token } from 'mdast-util-from-markdown';
import type { Info, Options as ToMarkdownExtension, State as WriterState } from 'mdast-util-to-markdown';
import { asciiControl, asciiDigit, markdownLineEndingOrSpace, unicodePunctuation, unicodeWhitespace } from 'micromark-util-character';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import type { Link, Literal, Parents } from 'mdast';

export interface Hashtag extends Literal {
  type: 'hashtag';
}

declare module 'mdast' {
  interface PhrasingContentMap {
    hashtag: Hashtag;
  }
  interface RootContentMap {
    hashtag: Hashtag;
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    hashtag: 'hashtag';
    hashtagMarker: 'hashtagMarker';
    hashtagValue: 'hashtagValue';
  }
}

const NUMBER_SIGN = 35;
const UNDERSCORE = 95;
const DASH = 45;
const SLASH = 47;
/** As long as Mutual keeps a tag (doc.ts, MAX_TAG_LENGTH), in UTF-16 units with room for emoji. */
const MAX_TAG_UNITS = 128;

/** Whether a character can be part of a tag. Surrogates (emoji outside the BMP) are. */
export function isTagCode(code: Code): boolean {
  if (code === null || code < 0 || asciiControl(code) || markdownLineEndingOrSpace(code) || unicodeWhitespace(code)) return false;
  return code === UNDERSCORE || code === DASH || code === SLASH || !unicodePunctuation(code);
}

function previousAllowsTag(code: Code): boolean {
  return code === null || markdownLineEndingOrSpace(code) || unicodeWhitespace(code);
}

function tokenizeHashtag(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let units = 0;
  let wordy = false;
  const inside: State = (code) => {
    if (isTagCode(code) && units < MAX_TAG_UNITS) {
      if (!asciiDigit(code)) wordy = true;
      units++;
      effects.consume(code);
      return inside;
    }
    if (!wordy) return nok(code);
    effects.exit('hashtagValue');
    effects.exit('hashtag');
    return ok(code);
  };
  const afterMarker: State = (code) => {
    if (!isTagCode(code)) return nok(code);
    effects.enter('hashtagValue');
    return inside(code);
  };
  const start: State = (code) => {
    if (code !== NUMBER_SIGN || !previousAllowsTag(this.previous)) return nok(code);
    effects.enter('hashtag');
    effects.enter('hashtagMarker');
    effects.consume(code);
    effects.exit('hashtagMarker');
    return afterMarker;
  };
  return start;
}

const hashtagConstruct: Construct = { name: 'hashtag', tokenize: tokenizeHashtag, previous: previousAllowsTag };

/** The micromark extension: `#tag` in text. */
export function hashtagSyntax(): Extension {
  return { text: { [NUMBER_SIGN]: hashtagConstruct } };
}

/** Turns the tokens into `{ type: 'hashtag', value }` nodes. */
export function hashtagFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      hashtag(this: CompileContext, token: Token) {
        this.enter({ type: 'hashtag', value: '' }, token);
      },
    },
    exit: {
      hashtagValue(this: CompileContext, token: Token) {
        const node = this.stack[this.stack.length - 1] as Hashtag;
        node.value = this.sliceSerialize(token);
      },
      hashtag(this: CompileContext, token: Token) {
        this.exit(token);
      },
    },
  };
}

/** Whether a tag name can be written as `#name` and read back as the same tag. */
export function writableAsHashtag(name: string): boolean {
  if (name.length === 0 || name.length > MAX_TAG_UNITS) return false;
  let wordy = false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (!isTagCode(code)) return false;
    if (!asciiDigit(code)) wordy = true;
  }
  return wordy;
}

/**
 * The characters on either side of a node as they will be read: a neighbouring text's own
 * character rather than the writer's guess, which escapes as if the text stood alone (`\_a`)
 * where, next to a word, it will not (`_a`).
 */
export function neighbours(parent: Parents | undefined, state: WriterState, info: Info): { before: string; after: string } {
  const siblings = parent?.children ?? [];
  const index = state.indexStack[state.indexStack.length - 1] ?? -1;
  const previous = siblings[index - 1];
  const next = siblings[index + 1];
  return {
    before: previous?.type === 'text' ? previous.value.slice(-1) : info.before.slice(-1),
    after: next?.type === 'text' ? next.value.charAt(0) : info.after.charAt(0),
  };
}

/**
 * Writes a tag as `#name`, or as the link `[#name](mutual:tag/name)` when glued to a word before
 * it or to tag characters or emphasis after it (`#name` would then not read back as this tag alone).
 */
function writeHashtag(node: Hashtag, parent: Parents | undefined, state: WriterState, info: Info): string {
  const { after } = neighbours(parent, state, info);
  const siblings = parent?.children ?? [];
  const previous = siblings[(state.indexStack[state.indexStack.length - 1] ?? 0) - 1];
  // A tag needs whitespace before it as it will be read. (Whitespace at the very start of a
  // paragraph would be written as a character reference, &#x20;, whose ";" would then stand
  // before the "#" — but the writer trims a paragraph's edges first: toMarkdown.ts, trimEdges.)
  const spaced = previous ? previous.type === 'text' && /[ \t]$/.test(previous.value) : info.before === '' || /[ \t\n]$/.test(info.before);
  // Next to emphasis markers the writer may encode a character of ours to make them open or
  // close; the link form keeps every character of the tag.
  const free = spaced && (after === '' || (!isTagCode(after.charCodeAt(0)) && !/[*_~]/.test(after)));
  if (free && writableAsHashtag(node.value)) return `#${node.value}`;
  const link: Link = { type: 'link', url: `mutual:tag/${encodeURIComponent(node.value)}`, title: null, children: [{ type: 'text', value: `#${node.value}` }] };
  return state.handle(link, parent, state, info);
}
// What the writer assumes comes first when it escapes the text before a tag: "[" is the stricter
// of the two ("!" before it must be escaped, or a link would read as an image).
writeHashtag.peek = () => '[';

/** Writes `hashtag` nodes, and escapes a literal `#` that would read back as the start of one. */
export function hashtagToMarkdown(): ToMarkdownExtension {
  return {
    handlers: { hashtag: writeHashtag },
    // A lookahead, so that each # of "##tag" is checked. Escaping more often than strictly needed
    // (a `#` after a letter is never a tag) costs a backslash; escaping less would turn someone's
    // "#1 rule" or "I'm #blessed" into a tag.
    unsafe: [{ character: '#', inConstruct: 'phrasing', after: '(?=\\S)' }],
  };
}
