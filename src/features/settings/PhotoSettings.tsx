/**
 * "Keep photo details" (the keepPhotoDetails setting, off unless chosen): whether a photo is kept
 * exactly as it came, with where and with what camera it was taken, or without those details
 * (electron/core/services/photos.ts). It applies to photos added from then on. A HEIC this computer
 * cannot decode is kept as it came whatever it says (nothing here can re-encode it), and it says so.
 */
import type { Settings } from '../../../electron/shared/contract';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useSettingToggle } from './useSettingToggle';

export function PhotoSettings(props: { settings: Settings | null }) {
  const keep = useSettingToggle(props.settings, 'keepPhotoDetails');

  return (
    <section className="settings-group" aria-labelledby="photo-details-title">
      <h3 id="photo-details-title">Photos</h3>
      <div className="field checkbox">
        <input
          id="keep-photo-details"
          type="checkbox"
          checked={keep.on}
          disabled={!props.settings}
          aria-describedby="keep-photo-details-why"
          onChange={(e) => keep.choose(e.target.checked)}
        />
        <label htmlFor="keep-photo-details">Keep photo details</label>
      </div>
      <p id="keep-photo-details-why" className="quiet">
        Keep where and with what camera a photo was taken. Off: Mutual removes location and camera details before keeping a photo. Either
        way the photo is kept inside your encrypted journal; this changes only photos you add from now on. A HEIC photo this computer
        cannot show is kept exactly as it came, its details included.
      </p>
      <ErrorMessage error={keep.error} />
    </section>
  );
}
