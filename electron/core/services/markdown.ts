/**
 * The entry document as Markdown, for exports people can read anywhere, written by
 * mdast-util-to-markdown (electron/core/markdown/toMarkdown.ts), so that an import reads it back
 * as the same document.
 */
import type { DocNode } from '../../shared/doc';
import { blocksToMarkdown } from '../markdown/toMarkdown';

type NameOf = (id: string, label: string) => string;

/**
 * One section's blocks. Headings sit two levels below where the editor shows them: the entry's
 * date is the file's `#` heading and each section a `##`.
 */
export function sectionToMarkdown(nodes: DocNode[] | undefined, nameOf: NameOf, photoUrl?: (photoId: string) => string | null): string {
  return blocksToMarkdown(nodes, { nameOf, headingShift: 2, ...(photoUrl ? { photoUrl } : {}) });
}

/** A YAML scalar that is always read back as the same string. */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}
