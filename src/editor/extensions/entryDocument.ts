import { Node } from '@tiptap/core';

/**
 * The top node of an entry: exactly four sections — Given, Received, Unsaid, Note — in that order
 * (see electron/shared/doc.ts). It replaces StarterKit's `doc`, whose content is `block+`.
 *
 * The schema only fixes the count; the Section extension keeps each section's kind in its place.
 */
export const EntryDocument = Node.create({
  name: 'doc',
  topNode: true,
  content: 'section{4}',
});
