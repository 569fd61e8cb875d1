/**
 * The kinds of relationship a person can be, and their names in plain words. Its own module
 * because the renderer shows the labels and may not bundle contract.ts (zod); the export and the
 * contract take them from here too.
 */
export const personKinds = ['romantic', 'friend', 'family', 'professional', 'other'] as const;
export type PersonKind = (typeof personKinds)[number];

export const personKindLabels: Record<PersonKind, string> = {
  romantic: 'Partner',
  friend: 'Friend',
  family: 'Family',
  professional: 'Work',
  other: 'Other',
};

/** The kinds as words in a sentence: "Maya is a… friend / partner / family / colleague / someone else". */
export const personKindWords: Record<PersonKind, string> = {
  friend: 'friend',
  romantic: 'partner',
  family: 'family',
  professional: 'colleague',
  other: 'someone else',
};

/**
 * The kind a new person gets when nobody chose one — added by @mentioning a new name or by an
 * import. The same as the People add form offers first; the person page then asks (kindChosen).
 */
export const DEFAULT_PERSON_KIND: PersonKind = 'friend';
