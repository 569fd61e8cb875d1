/**
 * Words both the journal (core, the command) and the page show come from one module each in
 * electron/shared: the page imports them, and no other source file restates them. (The end-to-end
 * data test checks that Settings → Export shows the warning.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_NOT_ENCRYPTED_WARNING as coreWarning } from '../../../electron/core/services/export';
import { personKindLabels as contractLabels, personKinds as contractKinds } from '../../../electron/shared/contract';
import { EXPORT_NOT_ENCRYPTED_WARNING } from '../../../electron/shared/exportWarning';
import { personKindLabels, personKinds } from '../../../electron/shared/personKinds';
import { personKindLabels as pageLabels, personKinds as pageKinds } from '../../../src/lib/personKinds';

const root = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .map((file) => join(dir, file));
}

function filesContaining(pattern: RegExp): string[] {
  return [...sources('src'), ...sources('electron')].filter((file) => pattern.test(readFileSync(join(root, file), 'utf8')));
}

describe('one definition for the journal and the page', () => {
  it('the export warning: the core and the page both use electron/shared/exportWarning.ts', () => {
    expect(coreWarning).toBe(EXPORT_NOT_ENCRYPTED_WARNING);
    expect(filesContaining(/Exports are not encrypted: anyone/)).toEqual(['electron/shared/exportWarning.ts']);
    for (const page of ['src/features/settings/ExportPanel.tsx', 'src/features/people/PersonParts.tsx']) {
      expect(readFileSync(join(root, page), 'utf8'), page).toMatch(/import \{ EXPORT_NOT_ENCRYPTED_WARNING \} from '[./]+electron\/shared\/exportWarning'/);
    }
  });

  it('the person-kind labels: the contract and the page both use electron/shared/personKinds.ts', () => {
    expect(contractLabels).toBe(personKindLabels);
    expect(pageLabels).toBe(personKindLabels);
    expect(contractKinds).toBe(personKinds);
    expect(pageKinds).toBe(personKinds);
    expect(Object.keys(personKindLabels)).toEqual([...personKinds]);
    expect(filesContaining(/romantic:\s*'/)).toEqual(['electron/shared/personKinds.ts']);
  });
});
