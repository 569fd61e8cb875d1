/**
 * "Your data": Export and Import — each with a progress bar with counts, a Cancel button where the
 * journal can stop part-way, and a plain summary at the end. (Backups and restoring are their own
 * group in Settings.) What an import brings in reaches every view by itself: the data layer marks
 * the journal's reads stale when the import's job ends.
 */
import { useMemo } from 'react';
import { useJournalQuery } from '../../lib/data';
import { shellFiles } from '../../lib/shell';
import { ExportPanel } from './ExportPanel';
import { ImportFlow } from './ImportFlow';

const nothing = () => undefined;

export function DataSection() {
  const list = useJournalQuery('people.list', { includeArchived: true });
  const people = useMemo(() => (list.data ?? []).map((p) => ({ id: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name)), [list.data]);

  return (
    <div className="settings-group data-section">
      <p>
        Everything you write is yours: take it out, and bring in what you wrote elsewhere.
        {!shellFiles() && ' Type each place as a full path on this computer.'}
      </p>
      <ExportPanel people={people} />
      <ImportFlow people={people} onImported={nothing} />
    </div>
  );
}
