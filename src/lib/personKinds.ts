/** Where the renderer takes relationship kinds and their labels from (one table, in electron/shared). */
export { personKindLabels, personKinds, personKindWords } from '../../electron/shared/personKinds';
