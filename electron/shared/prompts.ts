/**
 * The guided prompt library: one short, kind question under each part of an entry.
 *
 * Every prompt is drawn from one of the three practices in PRODUCT.md (self-awareness,
 * communication, intentional action), belongs to one section of the entry, and fits either any
 * relationship or only some kinds (a partner, a friend, family, a colleague, someone else). The
 * words are the product's words: given, received, unsaid, rhythm, check in, a detail they shared —
 * never a ledger (the unit test refuses balance, owe, debt, score and their cousins).
 *
 * This module is pure data plus a few pure functions. It imports types only, so the sandboxed
 * renderer may import it as a value (see the ESLint layering rules).
 */
import type { SectionKind } from './doc';
import type { PersonKind } from './contract';

/** The three parts of the practice that keeps the rhythm of giving and receiving healthy. */
export const practices = ['selfAwareness', 'communication', 'intentionalAction'] as const;
export type Practice = (typeof practices)[number];

export const practiceLabels: Record<Practice, string> = {
  selfAwareness: 'Self-awareness',
  communication: 'Communication',
  intentionalAction: 'Intentional action',
};

export interface Prompt {
  /** Stable id: kept across releases so "recently shown" lists stay meaningful. */
  id: string;
  /** The question shown under the section title. */
  text: string;
  section: SectionKind;
  practice: Practice;
  /** The relationships the prompt speaks to; 'any' when it fits everyone. */
  kinds: readonly PersonKind[] | 'any';
}

type Row = readonly [id: string, practice: Practice, kinds: readonly PersonKind[] | 'any', text: string];

const S: Practice = 'selfAwareness';
const C: Practice = 'communication';
const A: Practice = 'intentionalAction';

const given: readonly Row[] = [
  ['given-small-thing', A, 'any', 'What small thing did you do for someone today, whether or not anyone noticed?'],
  ['given-check-in', A, 'any', 'Who did you check in on today, and what made you think of them?'],
  ['given-cost', S, 'any', 'What did you give today that asked something of you — time, patience, attention?'],
  ['given-unasked', A, 'any', 'Where did you offer help before anyone asked for it?'],
  ['given-why', S, 'any', 'Did you give today out of care, or out of a sense that you should? How could you tell?'],
  ['given-detail', A, 'any', 'Which detail someone shared with you did you remember today?'],
  ['given-listening', A, 'any', 'When did you listen today without trying to fix anything?'],
  ['given-thanks', C, 'any', 'Who did you thank today, and how did you say it?'],
  ['given-their-way', S, 'any', 'Did you give in the way you like to receive, or in the way they like to receive?'],
  ['given-asked-what-helps', C, 'any', 'Did you ask someone what would help, instead of guessing?'],
  ['given-aftertaste', S, 'any', 'What did giving leave you with today — warmth, tiredness, something else?'],
  ['given-presence', A, 'any', 'Where were you simply present for someone today?'],
  ['given-partner-lighter', A, ['romantic'], 'What did you do to make your partner’s day a little lighter?'],
  ['given-partner-language', C, ['romantic'], 'How did you show your partner care in the way they like to receive it?'],
  ['given-friend-time', A, ['friend'], 'Which friend did you make time for, and what did that time hold?'],
  ['given-friend-vent', A, ['friend'], 'Did a friend need to vent? How did you listen?'],
  ['given-family-unseen', A, ['family'], 'What did you do for your family that may have gone unseen?'],
  ['given-family-patience', S, ['family'], 'Where did you find patience with family today, and where did it run thin?'],
  ['given-colleague-support', A, ['professional'], 'How did you support a colleague today — a hand with the work, a kind word, recognition?'],
  ['given-work-limits', C, ['professional'], 'Did you say plainly what you could and couldn’t take on at work?'],
  ['given-outside-circle', A, ['other'], 'Did you offer a kindness to someone outside your usual circle — a neighbour, a stranger?'],
  ['given-community', A, ['other'], 'How did you show up for the people you only see now and then?'],
  ['given-close-ones', S, ['romantic', 'family'], 'Is there care you give so often that it has become invisible, even to you?'],
];

const received: readonly Row[] = [
  ['received-small-care', S, 'any', 'What care came your way today, however small?'],
  ['received-checked-on', S, 'any', 'Who checked in on you? How did it feel to be thought of?'],
  ['received-let-help', S, 'any', 'Did you let someone help you today, or did you wave it away?'],
  ['received-turned-down', S, 'any', 'Was there help you turned down? What made accepting it hard?'],
  ['received-remembered', S, 'any', 'What did someone remember about you that touched you?'],
  ['received-said-thanks', C, 'any', 'Did you tell someone what their care meant to you? How did you say it?'],
  ['received-missed-gesture', S, 'any', 'Was there a gesture you nearly missed because it wasn’t the kind you expected?'],
  ['received-listened-to', S, 'any', 'When did someone really listen to you today?'],
  ['received-guilt', S, 'any', 'Did receiving something today come with guilt? Where might that come from?'],
  ['received-keep', A, 'any', 'What did you receive today that you would like to remember?'],
  ['received-trust', S, 'any', 'Is there care you find hard to trust? What would make it easier to accept?'],
  ['received-partner-own-way', S, ['romantic'], 'How did your partner show care today, in their own way?'],
  ['received-partner-seen', S, ['romantic'], 'What did your partner do that made you feel seen?'],
  ['received-friend-gave', S, ['friend'], 'What did a friend give you lately — time, a laugh, a word when you needed it?'],
  ['received-friend-know', C, ['friend'], 'Which friend showed up for you lately, and do they know it mattered?'],
  ['received-family-granted', S, ['family'], 'What does your family give you that is easy to take for granted?'],
  ['received-family-unexpected', S, ['family'], 'Did someone in your family show care in a way you didn’t expect?'],
  ['received-work-easier', C, ['professional'], 'Who made your working day easier? Did they know?'],
  ['received-work-learned', S, ['professional'], 'What did you learn from a colleague today?'],
  ['received-stranger', S, ['other'], 'Did a neighbour, a stranger or someone you see only now and then offer you something kind?'],
  ['received-asked-for', C, ['friend', 'family', 'romantic'], 'Did you ask for what you needed, and how was it to receive it?'],
];

const unsaid: readonly Row[] = [
  ['unsaid-wish-said', C, 'any', 'What do you wish you had said today?'],
  ['unsaid-need', C, 'any', 'Is there a need you kept to yourself? What would it sound like, said plainly?'],
  ['unsaid-thanks', C, 'any', 'Is there a thank-you you haven’t said yet?'],
  ['unsaid-boundary', C, 'any', 'Is there a boundary you would like to name?'],
  ['unsaid-ask-how', C, 'any', 'Who would you like to ask how they like to receive care?'],
  ['unsaid-apology', C, 'any', 'Is there an apology waiting to be made?'],
  ['unsaid-gesture', A, 'any', 'What small gesture would you like to make this week?'],
  ['unsaid-let-go', S, 'any', 'Is there something you are holding onto that you could let go?'],
  ['unsaid-check-in', A, 'any', 'Who would you like to check in on, and what might you say?'],
  ['unsaid-heard-kindly', C, 'any', 'What would you say if you knew it would be heard kindly?'],
  ['unsaid-rhythm-feeling', S, 'any', 'Is there a feeling about giving or receiving lately that you haven’t shared?'],
  ['unsaid-invite', C, 'any', 'Whom could you invite to tell you what they need?'],
  ['unsaid-partner-cared-for', C, ['romantic'], 'What would you like your partner to know about how you feel cared for?'],
  ['unsaid-partner-talk', C, ['romantic'], 'Is there a need or a boundary you would like to talk through with your partner?'],
  ['unsaid-partner-appreciate', C, ['romantic'], 'What do you appreciate about your partner that you haven’t said lately?'],
  ['unsaid-friend-mean', C, ['friend'], 'Is there a friend you would like to tell what they mean to you?'],
  ['unsaid-friend-gently', C, ['friend'], 'Is there something between you and a friend that needs saying gently?'],
  ['unsaid-family-words', C, ['family'], 'What would you say to someone in your family if the words came easily?'],
  ['unsaid-family-boundary', C, ['family'], 'Is there a boundary with family you would like to set kindly?'],
  ['unsaid-work-ask', C, ['professional'], 'What do you need at work that you haven’t asked for yet?'],
  ['unsaid-work-thanks', C, ['professional'], 'Is there a colleague you would like to thank out loud?'],
  ['unsaid-other-thanks', C, ['other'], 'Is there someone you see only now and then whom you would like to thank?'],
  ['unsaid-other-reach', A, ['other'], 'Is there someone on the edge of your life you would like to reach out to?'],
];

const note: readonly Row[] = [
  ['note-rhythm-today', S, 'any', 'How did the rhythm of giving and receiving feel today?'],
  ['note-stretched-held', S, 'any', 'Where did you feel stretched thin, and where did you feel held?'],
  ['note-leaning', S, 'any', 'Was today more about giving or receiving — and how does that sit with you?'],
  ['note-tomorrow', A, 'any', 'What is one way you would like to show up tomorrow?'],
  ['note-close', S, 'any', 'What helped you feel close to someone today?'],
  ['note-asking-help', S, 'any', 'What did you notice about how you ask for help?'],
  ['note-detail-keep', A, 'any', 'Did someone share a detail worth keeping — a birthday, an exam, a favourite flower?'],
  ['note-how-they-receive', C, 'any', 'What did today teach you about how the people around you like to receive care?'],
  ['note-lighter', S, 'any', 'What would make giving feel lighter for you right now?'],
  ['note-set-down', S, 'any', 'Is there anything else you would like to set down before you close the day?'],
  ['note-grateful', A, 'any', 'What are you grateful for that you haven’t written yet?'],
  ['note-needs-said', C, 'any', 'Did anyone tell you what they need lately? What did you hear?'],
  ['note-partner-load', S, ['romantic'], 'How are you and your partner sharing the everyday load lately?'],
  ['note-partner-close', A, ['romantic'], 'What would help you and your partner feel close this week?'],
  ['note-friend-care', S, ['friend'], 'Which friendship feels easy right now, and which could use some care?'],
  ['note-friend-quiet', A, ['friend'], 'Is there a friend you haven’t heard from in a while?'],
  ['note-family-care', S, ['family'], 'What does care look like in your family, and how is it for you?'],
  ['note-family-pattern', S, ['family'], 'Is there a family pattern around giving and receiving you would like to notice?'],
  ['note-work-self', S, ['professional'], 'How are you looking after yourself alongside the work you do for others?'],
  ['note-work-support', C, ['professional'], 'What kind of support would help you at work this week, and whom could you ask?'],
  ['note-other-notice', S, ['other'], 'Who is in your life in a small way that you would like to notice more?'],
  ['note-other-community', A, ['other'], 'Is there a small way to show care to your neighbours or community this week?'],
];

function rows(section: SectionKind, list: readonly Row[]): Prompt[] {
  return list.map(([id, practice, kinds, text]) => ({ id, text, section, practice, kinds }));
}

/** Every prompt, in a stable order. */
export const prompts: readonly Prompt[] = Object.freeze([
  ...rows('given', given),
  ...rows('received', received),
  ...rows('unsaid', unsaid),
  ...rows('note', note),
]);

/**
 * The prompts that fit a section and, optionally, a relationship kind. Without a kind only the
 * prompts that fit everyone are offered, so nobody is asked about "your partner" by accident.
 */
export function promptsFor(section: SectionKind, kind?: PersonKind): Prompt[] {
  return prompts.filter((p) => p.section === section && (p.kinds === 'any' || (kind !== undefined && p.kinds.includes(kind))));
}

export function promptById(id: string): Prompt | undefined {
  return prompts.find((p) => p.id === id);
}

export interface PickPromptOptions {
  /** The relationship kind of the person this section is about, when known. */
  kind?: PersonKind;
  /** Anything stable for one entry (its date, its id): the same seed gives the same order. */
  seed?: string | number;
  /** The prompt shown now: the next one in this entry's order is returned, never this one again. */
  after?: string;
  /** Prompts to skip (for example the ones shown in the last few entries), when others are left. */
  exclude?: readonly string[];
}

/** FNV-1a: a small, stable string hash (no crypto needed, only spread). */
function hash(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny deterministic generator so a seed always yields the same order. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seededOrder<T>(items: readonly T[], seed: string | number): T[] {
  const out = [...items];
  const next = generator(hash(String(seed)));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Picks the prompt for a section, deterministically.
 *
 * Each (section, kind, seed) has its own shuffled order of the prompts that fit. Without `after`
 * the first one is returned — a prompt written for the relationship's kind when there is one. With
 * `after` (the "Another prompt" button) the next one in that order is returned, so a person walks
 * through every fitting prompt before any comes back, and the same prompt never shows twice in a
 * row.
 */
export function pickPrompt(section: SectionKind, options: PickPromptOptions = {}): Prompt {
  const { kind, seed = 0, after, exclude = [] } = options;
  const order = seededOrder(promptsFor(section, kind), `${section}:${kind ?? 'any'}:${seed}`);
  const skipped = new Set(exclude);
  const usable = (p: Prompt) => p.id !== after && !skipped.has(p.id);
  const fallback = (p: Prompt) => p.id !== after;
  const start = after === undefined ? -1 : order.findIndex((p) => p.id === after);
  const cycle = [...order.slice(start + 1), ...order.slice(0, start + 1)];
  if (after === undefined && kind !== undefined) {
    const specific = cycle.find((p) => p.kinds !== 'any' && usable(p));
    if (specific) return specific;
  }
  return cycle.find(usable) ?? cycle.find(fallback) ?? order[0]!;
}

/**
 * Which way the rhythm with one person has leaned for a while. The app may ask a question about
 * it — never judge it.
 */
export const rhythmLeans = ['givingOften', 'receivingOften', 'unsaidWaiting', 'quietLately'] as const;
export type RhythmLean = (typeof rhythmLeans)[number];

/** Gentle questions for a leaning rhythm; `{name}` is replaced by the person's name. */
export const gentleQuestions: Record<RhythmLean, readonly string[]> = {
  givingOften: [
    'You’ve written about giving to {name} often lately — how does that feel?',
    'Much of what you’ve written about {name} lately is what you gave. Is there anything you would like from them?',
    'You have been showing up for {name} a lot. Who is showing up for you?',
    'Does giving to {name} still feel like care, or has it started to feel heavy?',
  ],
  receivingOften: [
    'You’ve written about what {name} has given you often lately — how does that feel?',
    '{name} has been there for you a lot lately. Is there a small way you would like to show them care?',
    'Does {name} know how much their care has meant lately?',
    'Have you asked {name} lately what they need?',
  ],
  unsaidWaiting: [
    'Some things for {name} have stayed unsaid for a while. Would you like to say one, or let it go?',
    'Is there still something you would like {name} to hear?',
    'What makes it hard to say what’s waiting for {name}?',
  ],
  quietLately: [
    'You haven’t written about {name} in a while. How are things between you?',
    'It’s been a while since {name} appeared here. Would you like to check in with them?',
  ],
};

/** One gentle question for a leaning rhythm, chosen by seed, with the person's name filled in. */
export function gentleQuestion(lean: RhythmLean, name: string, seed: string | number = 0): string {
  const list = gentleQuestions[lean];
  const template = list[hash(`${lean}:${seed}`) % list.length]!;
  return template.replaceAll('{name}', name);
}
