/**
 * A person's photo: on the people list and at the top of their page, with the controls to add,
 * change and remove it. The picture is the journal's small variant (320 px: sharp at twice the size
 * shown) and is never a blob: or data: address (src/lib/photos.ts).
 */
import { useId, useRef, useState } from 'react';
import type { Person } from '../../../electron/shared/contract';
import { useJournalMutation } from '../../lib/data';
import { photoUrl, uploadPhoto } from '../../lib/photos';
import { ErrorMessage } from '../../components/ErrorMessage';

/** Who a person is at a glance: their photo named after them, or their initials (a placeholder, silent). */
export function PersonPicture(props: { name: string; photoId: string | null; size: 'row' | 'page' }) {
  const px = props.size === 'row' ? 40 : 112;
  if (props.photoId) {
    return (
      <img
        className={`person-picture person-picture--${props.size}`}
        src={photoUrl(props.photoId, 'small')}
        alt={props.name}
        width={px}
        height={px}
        loading="lazy"
        decoding="async"
      />
    );
  }
  const initials = props.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]!.toLocaleUpperCase())
    .join('');
  return (
    <span className={`person-picture person-picture--${props.size} person-picture--none`} aria-hidden="true">
      {initials}
    </span>
  );
}

/**
 * "Add a photo of Maya" or "Change photo" and "Remove photo", on the person's page. The chosen file
 * goes to the journal (with its progress shown), then becomes the person's photo; the journal's own
 * words say why a file was refused, and the person stays as they were.
 */
export function PersonPhotoControls(props: { person: Person; onChanged: (message: string) => void }) {
  const { person } = props;
  const picker = useRef<HTMLInputElement>(null);
  const progressId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const setPhoto = useJournalMutation('people.setPhoto');
  const busy = progress !== null || setPhoto.isPending;

  const add = async (file: File) => {
    if (busy) return;
    setRefusal(null);
    setProgress(0);
    const stored = await uploadPhoto(file, (sent, total) => setProgress(total > 0 ? sent / total : 0));
    setProgress(null);
    if (!stored.ok) {
      setRefusal(stored.error.message);
      return;
    }
    setPhoto.mutate(
      { personId: person.id, photoId: stored.value.id },
      { onSuccess: () => props.onChanged(person.photoId ? `${person.name}’s photo was changed.` : `${person.name} has a photo now.`) },
    );
  };

  return (
    <div className="person-photo-controls">
      <div className="actions">
        {/* aria-disabled rather than disabled: the button keeps the keyboard's focus while the photo is on its way. */}
        <button
          type="button"
          aria-disabled={busy || undefined}
          aria-describedby={progress !== null ? progressId : undefined}
          onClick={() => !busy && picker.current?.click()}
        >
          {person.photoId ? 'Change photo' : `Add a photo of ${person.name}`}
        </button>
        {person.photoId && (
          <button
            type="button"
            aria-disabled={busy || undefined}
            onClick={() => !busy && setPhoto.mutate({ personId: person.id, photoId: null }, { onSuccess: () => props.onChanged(`${person.name}’s photo was removed.`) })}
          >
            Remove photo
          </button>
        )}
      </div>
      <input
        ref={picker}
        type="file"
        accept="image/*"
        hidden
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Emptied, so that choosing the same file again is a change too.
          event.target.value = '';
          if (file) void add(file);
        }}
      />
      {progress !== null && (
        <div className="person-photo-progress" id={progressId}>
          <span>{progress < 1 ? `Adding the photo… ${Math.round(progress * 100)}%` : 'Keeping the photo in your journal…'}</span>
          <progress max={1} value={progress < 1 ? progress : undefined} aria-label="Adding the photo" />
        </div>
      )}
      <ErrorMessage error={refusal} />
      <ErrorMessage error={setPhoto.error} />
    </div>
  );
}
