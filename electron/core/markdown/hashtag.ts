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
import type { Options as ToMarkdownExtension } from 'mdast-util-to-markdown';
import { asciiControl, asciiDigit, markdownLineEndingOrSpace, unicodePunctuation, unicodeWhitespace } from 'micromark-util-character';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import type { Literal } from 'mdast';

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

/** Writes `hashtag` nodes, and escapes a literal `#` that would read back as the start of one. */
export function hashtagToMarkdown(): ToMarkdownExtension {
  return {
    handlers: {
      hashtag: (node: Hashtag) => `#${node.value}`,
    },
    // Escaping more often than strictly needed (a `#` after a letter is never a tag) costs a
    // backslash; escaping less would turn someone's "#1 rule" or "I'm #blessed" into a tag.
    unsafe: [{ character: '#', inConstruct: 'phrasing', after: '[^\\s]' }],
  };
}
