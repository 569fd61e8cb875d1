/**
 * The one way a failure is shown, everywhere on the page: the journal's own message in one
 * paragraph (class "error", role="alert" so it is announced), optionally with what it is about
 * before it ("drawing.svg: …") and what did or did not happen after it ("Nothing was written."),
 * and — when asking again could help — a "Try again" button beside it, or — for a failure that
 * stays until the person has read it — a "Dismiss" button. The buttons sit outside the alert, so
 * only the message is announced; each is described by the message it belongs to.
 *
 * A field's problem passes `id` and the field points at it with aria-describedby.
 */
import { useId, type ReactNode } from 'react';
import type { ErrorInfo } from '../../electron/shared/result';
import { errorInfoOf } from '../lib/data';

export type ShownError = string | ErrorInfo | Error | null | undefined;

function messageOf(error: Exclude<ShownError, null | undefined>): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return errorInfoOf(error).message;
  return error.message;
}

export function ErrorMessage(props: {
  /** Nothing is shown without one. */
  error: ShownError;
  /** What the failure is about, said first in bold with a colon (a file's name). */
  about?: string;
  /** Said after the message ("Nothing was written."). */
  children?: ReactNode;
  id?: string;
  className?: string;
  onRetry?: () => void;
  retrying?: boolean;
  onDismiss?: () => void;
}) {
  const ownId = useId();
  if (!props.error) return null;
  const id = props.id ?? `${ownId}-error`;
  const actions = props.onRetry || props.onDismiss;
  return (
    <>
      <p id={id} role="alert" className={props.className ? `error ${props.className}` : 'error'}>
        {props.about ? <span className="error-about">{props.about}: </span> : null}
        {messageOf(props.error)}
        {props.children ? <> {props.children}</> : null}
      </p>
      {actions && (
        <div className="actions error-actions">
          {props.onRetry && (
            <button type="button" onClick={props.onRetry} disabled={props.retrying} aria-describedby={id}>
              {props.retrying ? 'Trying again…' : 'Try again'}
            </button>
          )}
          {props.onDismiss && (
            <button type="button" onClick={props.onDismiss} aria-describedby={id}>
              Dismiss
            </button>
          )}
        </div>
      )}
    </>
  );
}
