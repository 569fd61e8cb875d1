/**
 * "Keep photo details" (the keepPhotoDetails setting, off unless chosen): whether a photo is kept
 * exactly as it came, with where and with what camera it was taken, or without those details
 * (electron/core/services/photos.ts). It applies to photos added from then on.
 */
import { useEffect, useState } from 'react';
import type { Settings } from '../../../electron/shared/contract';
import { useJournalMutation } from '../../lib/data';
import { ErrorMessage } from '../../components/ErrorMessage';

export function PhotoSettings(props: { settings: Settings | null }) {
  const save = useJournalMutation('settings.set');
  const saved = props.settings?.keepPhotoDetails ?? false;
  // The box follows the click at once and stays so until the journal's settings say the same (or
  // the save failed): between the save and the settings read again, it must not flick back.
  const [chosen, setChosen] = useState<boolean | null>(null);
  useEffect(() => {
    if (chosen !== null && chosen === saved && !save.isPending) setChosen(null);
  }, [chosen, saved, save.isPending]);
  const on = chosen ?? saved;

  return (
    <section className="settings-group" aria-labelledby="photo-details-title">
      <h3 id="photo-details-title">Photos</h3>
      <div className="field checkbox">
        <input
          id="keep-photo-details"
          type="checkbox"
          checked={on}
          disabled={!props.settings}
          aria-describedby="keep-photo-details-why"
          onChange={(e) => {
            const keep = e.target.checked;
            setChosen(keep);
            save.mutate({ keepPhotoDetails: keep }, { onError: () => setChosen(null) });
          }}
        />
        <label htmlFor="keep-photo-details">Keep photo details</label>
      </div>
      <p id="keep-photo-details-why" className="quiet">
        Keep where and with what camera a photo was taken. Off: Mutual removes location and camera details before keeping a photo. Either
        way the photo is kept inside your encrypted journal; this changes only photos you add from now on.
      </p>
      <ErrorMessage error={save.error} />
    </section>
  );
}
