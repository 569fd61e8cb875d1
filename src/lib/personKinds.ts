/**
 * Relationship kinds in plain words. contract.ts has the same table, but it pulls in zod, which
 * the renderer must not bundle; the Record type keeps this copy complete.
 */
import type { PersonKind } from '../../electron/shared/contract';

export const personKindLabels: Record<PersonKind, string> = {
  romantic: 'Partner',
  friend: 'Friend',
  family: 'Family',
  professional: 'Work',
  other: 'Other',
};

export const personKinds = Object.keys(personKindLabels) as PersonKind[];
