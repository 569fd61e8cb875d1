/**
 * Mentions in a Mutual Markdown export: `@Ana Lucía`, read back as a mention of the person of
 * that name among the entry's people (its front matter lists their names and ids).
 *
 * A name alone cannot say where it ends ("@Ana Lucía" or "@Ana" then "Lucía"), so the syntax is
 * built for one entry from its people's names: after `@`, the longest of those names that is not
 * followed by a letter or digit. The writer escapes every other `@` that could start one (`\@`),
 * and writes a mention it cannot write this way — two people of one name in an entry, or a
 * mention glued to a word — as a link, `[@Ana](mutual:person/<id>)`, which reads back as well.
 */
import type { CompileContext, Extension as FromMarkdownExtension, Token } from 'mdast-util-from-markdown';
import type { Info, Options as ToMarkdownExtension, State as WriterState } from 'mdast-util-to-markdown';
import { markdownLineEndingOrSpace, unicodePunctuation, unicodeWhitespace } from 'micromark-util-character';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import { neighbours } from './hashtag';
import type { Link, Node, Nodes, Parents, Text } from 'mdast';

export interface MutualMention extends Node {
  type: 'mutualMention';
  name: string;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    mutualMention: MutualMention;
  }
  interface RootContentMap {
    mutualMention: MutualMention;
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mutualMention: 'mutualMention';
    mutualMentionMarker: 'mutualMentionMarker';
    mutualMentionName: 'mutualMentionName';
  }
}

const AT = 64;

/** A letter, digit or mark: what may not touch a mention on either side. */
function wordCode(code: Code): boolean {
  if (typeof code === 'number' && Number.isNaN(code)) return false;
  return code !== null && code >= 0 && !markdownLineEndingOrSpace(code) && !unicodeWhitespace(code) && !unicodePunctuation(code);
}

const previousAllows = (code: Code) => !wordCode(code) && code !== AT;

function nameConstruct(name: string): Construct {
  function tokenizeName(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    let i = 0;
    const inside: State = (code) => {
      if (i === name.length) {
        if (wordCode(code)) return nok(code);
        effects.exit('mutualMentionName');
        return ok(code);
      }
      if (code !== name.charCodeAt(i)) return nok(code);
      i++;
      effects.consume(code);
      return inside;
    };
    return (code) => {
      effects.enter('mutualMentionName');
      return inside(code);
    };
  }
  return { partial: true, tokenize: tokenizeName };
}

/** The micromark extension for one entry's people's names. */
export function mentionSyntax(names: readonly string[]): Extension {
  const usable = [...new Set(names.filter((n) => n.length > 0 && !/[\n\r\t]/.test(n)))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return {};
  const names_ = usable.map(nameConstruct);
  function tokenizeMention(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    const after: State = (code) => {
      effects.exit('mutualMention');
      return ok(code);
    };
    return (code) => {
      if (code !== AT || !previousAllows(this.previous)) return nok(code);
      effects.enter('mutualMention');
      effects.enter('mutualMentionMarker');
      effects.consume(code);
      effects.exit('mutualMentionMarker');
      return effects.attempt(names_, after, nok);
    };
  }
  return { text: { [AT]: { name: 'mutualMention', tokenize: tokenizeMention, previous: previousAllows } } };
}

export function mentionFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      mutualMention(this: CompileContext, token: Token) {
        this.enter({ type: 'mutualMention', name: '' } as MutualMention as never, token);
      },
    },
    exit: {
      mutualMentionName(this: CompileContext, token: Token) {
        (this.stack[this.stack.length - 1] as unknown as MutualMention).name = this.sliceSerialize(token);
      },
      mutualMention(this: CompileContext, token: Token) {
        this.exit(token);
      },
    },
  };
}

/**
 * Writes `mutualMention` nodes (with the person's `id`) as `@Name`, or as a link when `@Name`
 * would not read back as the same person; `unique` says which names one person alone wears in
 * the entry.
 */
export function mentionToMarkdown(unique: (name: string) => boolean): ToMarkdownExtension {
  function writeMention(node: MutualMention & { id: string }, parent: Parents | undefined, state: WriterState, info: Info): string {
    // Next to a word, or to emphasis (whose markers the writer may need to encode a neighbouring
    // character for), `@Name` could not be read back whole; a link always can.
    const { before, after } = neighbours(parent, state, info);
    const glued = wordCode(before.charCodeAt(0)) || /[@*_~]/.test(before) || wordCode(after.charCodeAt(0)) || /[*_~]/.test(after);
    if (node.name && unique(node.name) && !glued && !/[\n\r\t]/.test(node.name)) return `@${node.name}`;
    const link: Link = { type: 'link', url: `mutual:person/${encodeURIComponent(node.id)}`, title: null, children: [{ type: 'text', value: `@${node.name}` }] };
    return state.handle(link, parent, state, info);
  }
  // What the writer assumes comes first when it escapes the text before: "[" is the stricter.
  writeMention.peek = () => '[';
  return {
    handlers: {
      mutualMention: writeMention,
      text(node: Text, parent, state, info) {
        const siblings = parent && 'children' in parent ? (parent.children as Nodes[]) : [];
        const index = state.indexStack[state.indexStack.length - 1] ?? -1;
        return state.safe(node.value, { ...info, beforeNode: siblings[index - 1], afterNode: siblings[index + 1], encode: ['@'] });
      },
    },
    // Any other @ before a word is written as a character reference (&#x40;), so that only a
    // mention reads back as one. Not as `\@`: GFM's e-mail autolinks form across that escape.
    // A lookahead, so that each @ of "@@Sam" is checked.
    unsafe: [{ character: '@', inConstruct: 'phrasing', after: '(?=\\S)' }],
  };
}
