import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { personKinds } from '../../electron/shared/contract';
import { sectionKinds } from '../../electron/shared/doc';
import {
  gentleQuestion,
  gentleQuestions,
  pickPrompt,
  practices,
  promptById,
  prompts,
  promptsFor,
  rhythmLeans,
} from '../../electron/shared/prompts';

// Words that turn care into a ledger (PRODUCT.md, "Words we use (and avoid)").
const ledger = /\b(balances?|owes?|owed|owing|debts?|scores?|ledgers?|tall(?:y|ies)|repa(?:y|id)|pay(?:s|ing)? back|in return|fair share|keep(?:ing)? count|get even|credit)\b/i;

describe('prompt library', () => {
  it('holds at least 60 prompts with unique ids and non-empty questions', () => {
    expect(prompts.length).toBeGreaterThanOrEqual(60);
    expect(new Set(prompts.map((p) => p.id)).size).toBe(prompts.length);
    for (const p of prompts) {
      expect(p.text.trim().length, p.id).toBeGreaterThan(10);
      expect(p.text.length, p.id).toBeLessThan(140);
      expect(p.id.startsWith(`${p.section}-`), p.id).toBe(true);
    }
  });

  it('covers every section with every practice', () => {
    for (const section of sectionKinds) {
      for (const practice of practices) {
        expect(prompts.some((p) => p.section === section && p.practice === practice), `${section}/${practice}`).toBe(true);
      }
    }
  });

  it('speaks to every relationship kind in every section, and fits everyone without a kind', () => {
    for (const section of sectionKinds) {
      expect(promptsFor(section).length, section).toBeGreaterThanOrEqual(5);
      expect(promptsFor(section).every((p) => p.kinds === 'any')).toBe(true);
      for (const kind of personKinds) {
        const specific = promptsFor(section, kind).filter((p) => p.kinds !== 'any');
        expect(specific.length, `${section}/${kind}`).toBeGreaterThan(0);
      }
    }
    for (const p of prompts) {
      if (p.kinds !== 'any') {
        expect(p.kinds.length).toBeGreaterThan(0);
        for (const kind of p.kinds) expect(personKinds).toContain(kind);
      }
    }
  });

  it('never uses ledger words', () => {
    for (const p of prompts) expect(p.text, p.id).not.toMatch(ledger);
    for (const lean of rhythmLeans) for (const q of gentleQuestions[lean]) expect(q).not.toMatch(ledger);
  });

  it('is deterministic for a seed and prefers prompts written for the relationship kind', () => {
    for (const section of sectionKinds) {
      expect(pickPrompt(section, { seed: '2024-05-01' })).toEqual(pickPrompt(section, { seed: '2024-05-01' }));
      for (const kind of personKinds) {
        const first = pickPrompt(section, { kind, seed: 7 });
        expect(first.kinds === 'any' ? [] : first.kinds).toContain(kind);
      }
    }
    const seeds = new Set(Array.from({ length: 20 }, (_, i) => pickPrompt('given', { seed: `day-${i}` }).id));
    expect(seeds.size).toBeGreaterThan(3);
  });

  it('rotates through every fitting prompt without repeating one consecutively', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...sectionKinds),
        fc.option(fc.constantFrom(...personKinds), { nil: undefined }),
        fc.oneof(fc.string(), fc.integer()),
        (section, kind, seed) => {
          const pool = promptsFor(section, kind);
          let current = pickPrompt(section, { kind, seed });
          const seen = new Set([current.id]);
          for (let i = 0; i < pool.length * 2; i++) {
            const next = pickPrompt(section, { kind, seed, after: current.id });
            expect(next.id).not.toBe(current.id);
            expect(pool.map((p) => p.id)).toContain(next.id);
            seen.add(next.id);
            current = next;
          }
          expect(seen.size).toBe(pool.length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('skips excluded prompts while others remain, and still moves on when everything is excluded', () => {
    const pool = promptsFor('note');
    const keep = pool[3]!;
    const picked = pickPrompt('note', { seed: 1, exclude: pool.filter((p) => p.id !== keep.id).map((p) => p.id) });
    expect(picked.id).toBe(keep.id);
    const all = pool.map((p) => p.id);
    const again = pickPrompt('note', { seed: 1, exclude: all, after: keep.id });
    expect(again.id).not.toBe(keep.id);
  });

  it('finds a prompt by id', () => {
    expect(promptById(prompts[0]!.id)).toBe(prompts[0]);
    expect(promptById('no-such-prompt')).toBeUndefined();
  });

  it('asks gentle questions with the person’s name, never judging', () => {
    for (const lean of rhythmLeans) {
      expect(gentleQuestions[lean].length).toBeGreaterThan(0);
      for (const q of gentleQuestions[lean]) {
        expect(q).toContain('{name}');
        expect(q.trim().endsWith('?'), q).toBe(true);
      }
      const asked = gentleQuestion(lean, 'Sam', 'week-12');
      expect(asked).toContain('Sam');
      expect(asked).not.toContain('{name}');
    }
    expect(gentleQuestion('givingOften', 'Sam', 3)).toBe(gentleQuestion('givingOften', 'Sam', 3));
  });

  it('imports nothing at runtime, so the sandboxed renderer can use it as a value', () => {
    const source = readFileSync(new URL('../../electron/shared/prompts.ts', import.meta.url), 'utf8');
    const imports = source.split('\n').filter((line) => /^\s*import\s/.test(line));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line, line).toMatch(/^\s*import type\s/);
  });
});
