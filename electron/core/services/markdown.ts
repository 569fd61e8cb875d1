/** The entry document as Markdown, for exports people can read anywhere. */
import type { DocNode } from '../../shared/doc';

type NameOf = (id: string, label: string) => string;

function inline(nodes: DocNode[] | undefined, nameOf: NameOf): string {
  let out = '';
  for (const node of nodes ?? []) {
    if (node.type === 'hardBreak') out += '  \n';
    else if (node.type === 'mention') out += `@${nameOf(String(node.attrs?.id ?? ''), String(node.attrs?.label ?? ''))}`;
    else if (node.type === 'text') {
      let text = (node.text ?? '').replace(/([\\`*_[\]<>])/g, '\\$1');
      for (const mark of node.marks ?? []) {
        if (mark.type === 'bold') text = `**${text}**`;
        else if (mark.type === 'italic') text = `_${text}_`;
        else if (mark.type === 'strike') text = `~~${text}~~`;
        else if (mark.type === 'code') text = `\`${node.text ?? ''}\``;
        else if (mark.type === 'link') text = `[${text}](${String(mark.attrs?.href ?? '').replace(/[()\s]/g, encodeURIComponent)})`;
      }
      out += text;
    }
  }
  return out;
}

const indent = (text: string, prefix: string) => text.split('\n').map((line, i) => (i === 0 ? line : `${prefix}${line}`)).join('\n');

function blocks(nodes: DocNode[] | undefined, nameOf: NameOf): string[] {
  const out: string[] = [];
  for (const node of nodes ?? []) {
    switch (node.type) {
      case 'paragraph': {
        const text = inline(node.content, nameOf);
        if (text.trim()) out.push(text);
        break;
      }
      case 'heading':
        out.push(`${'#'.repeat(Math.min(6, Number(node.attrs?.level ?? 3) + 2))} ${inline(node.content, nameOf)}`);
        break;
      case 'blockquote':
        out.push(blocks(node.content, nameOf).join('\n\n').split('\n').map((l) => `> ${l}`).join('\n'));
        break;
      case 'bulletList':
      case 'orderedList':
        out.push(
          (node.content ?? [])
            .map((item, i) => {
              const marker = node.type === 'bulletList' ? '- ' : `${Number(node.attrs?.start ?? 1) + i}. `;
              return marker + indent(blocks(item.content, nameOf).join('\n'), ' '.repeat(marker.length));
            })
            .join('\n'),
        );
        break;
      case 'taskList':
        out.push(
          (node.content ?? [])
            .map((item) => {
              const text = blocks(item.content, nameOf).join(' ');
              if (!text.trim()) return null;
              const state = item.attrs?.state;
              return state === 'said' ? `- [x] ${text}` : state === 'letGo' ? `- [x] ${text} _(let go)_` : `- [ ] ${text}`;
            })
            .filter((line): line is string => line !== null)
            .join('\n'),
        );
        break;
      case 'horizontalRule':
        out.push('---');
        break;
      default:
        out.push(...blocks(node.content, nameOf));
    }
  }
  return out.filter((b) => b.trim().length > 0);
}

export function sectionToMarkdown(nodes: DocNode[] | undefined, nameOf: NameOf): string {
  return blocks(nodes, nameOf).join('\n\n');
}

/** A YAML scalar that is always read back as the same string. */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}
