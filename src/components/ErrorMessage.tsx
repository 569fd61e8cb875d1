/**
 * The one way a failure is shown: the journal's own message, announced (role="alert"), and — when
 * asking again could help — a "Try again" button beside it.
 */
import type { ReactNode } from 'react';
import type { ErrorInfo } from '../../electron/shared/result';
import { errorInfoOf } from '../lib/data';

export type ShownError = string | ErrorInfo | Error | null | undefined;

function messageOf(error: Exclude<ShownError, null | undefined>): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return errorInfoOf(error).message;
  return error.message;
}

export function ErrorMessage(props: {
  error: ShownError;
  /** Said after the message ("Nothing was written."). */
  children?: ReactNode;
  id?: string;
  className?: string;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  if (!props.error) return null;
  return (
    <>
      <p id={props.id} role="alert" className={props.className ? `error ${props.className}` : 'error'}>
        {messageOf(props.error)}
        {props.children ? <> {props.children}</> : null}
      </p>
      {props.onRetry && (
        <div className="actions error-retry">
          <button type="button" onClick={props.onRetry} disabled={props.retrying}>
            {props.retrying ? 'Trying again…' : 'Try again'}
          </button>
        </div>
      )}
    </>
  );
}
