/**
 * "Said" and "Let go" for one open unsaid item, as a group named by the item's text. Used wherever
 * an item can be marked outside its entry (a person's page, the weekly look back).
 */
import type { UnsaidState } from '../../electron/shared/doc';

export function UnsaidMarkButtons(props: { className: string; labelledBy: string; busy: boolean; onMark: (state: Exclude<UnsaidState, 'open'>) => void }) {
  return (
    <div className={props.className} role="group" aria-labelledby={props.labelledBy}>
      <button type="button" className="unsaid-said" disabled={props.busy} onClick={() => props.onMark('said')}>
        Said
      </button>
      <button type="button" disabled={props.busy} onClick={() => props.onMark('letGo')}>
        Let go
      </button>
    </div>
  );
}
