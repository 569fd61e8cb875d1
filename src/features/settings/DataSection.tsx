/**
 * "Your data": Export, Back up now, Restore and Import — each with a progress bar with counts, a
 * Cancel button where the journal can stop part-way, and a plain summary at the end.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PersonRef, Settings } from '../../../electron/shared/contract';
import { call } from '../../lib/api';
import { shellFiles } from '../../lib/shell';
import { BackupNowPanel } from './BackupNowPanel';
import { ExportPanel } from './ExportPanel';
import { ImportFlow } from './ImportFlow';
import { RestorePanel } from './RestorePanel';

export function DataSection(props: { settings: Settings | null; onChanged: () => void }) {
  const [people, setPeople] = useState<PersonRef[]>([]);

  const loadPeople = useCallback(() => {
    void call('people.list', { includeArchived: true }).then((r) => {
      if (r.ok) setPeople(r.value.map((p) => ({ id: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name)));
    });
  }, []);

  useEffect(loadPeople, [loadPeople]);

  const { onChanged } = props;
  const imported = useCallback(() => {
    loadPeople();
    onChanged();
  }, [loadPeople, onChanged]);

  return (
    <section className="settings-group data-section" aria-labelledby="data-title">
      <h2 id="data-title">Your data</h2>
      <p>
        Everything you write is yours: take it out, keep safe copies, and bring in what you wrote elsewhere.
        {!shellFiles() && ' Type each place as a full path on this computer.'}
      </p>
      <ExportPanel people={people} />
      <BackupNowPanel settings={props.settings} onBackedUp={onChanged} />
      <RestorePanel settings={props.settings} />
      <ImportFlow people={people} onImported={imported} />
    </section>
  );
}
