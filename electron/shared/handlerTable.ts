/**
 * The one type of the journal's handler table: one async function per contract channel, taking
 * unchecked input (each handler validates it with the channel's zod schema) and answering the
 * Result shape, never a throw. The core builds it (electron/core/handlers.ts), the journal worker's
 * client relays it (electron/core/worker/client.ts), and the Electron main process and the web
 * host serve it. Types only: safe to import anywhere.
 */
import type { ChannelName } from './channels';
import type { OutputOf } from './contract';
import type { Result } from './result';

export type HandlerTable = { [C in ChannelName]: (input: unknown) => Promise<Result<OutputOf<C>>> };
