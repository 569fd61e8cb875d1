/**
 * Where an export puts what goes beside it; apart from exportPhotos.ts so that the `mutual`
 * command can say where the photos went without loading the journal's modules.
 */
import path from 'node:path';

/** The folder beside an export file that holds its photos: `journal.json` → `journal-photos`. */
export function photosFolderBeside(file: string): string {
  const base = path.basename(file).replace(/\.(json|md|markdown)$/i, '');
  return path.join(path.dirname(file), `${base}-photos`);
}
