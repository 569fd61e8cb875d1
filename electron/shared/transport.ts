/**
 * The web host's transport as both ends know it: the page (src/lib/api.ts) sends the per-run
 * token in this header and the host (electron/webhost/server.ts) accepts nothing without it. A
 * custom header also makes any cross-origin request need a CORS preflight, which the host never
 * grants.
 */
export const TOKEN_HEADER = 'x-mutual-token';

/**
 * The journal's events (electron/shared/events.ts) as one Server-Sent Events stream. The page
 * reads it with fetch, not EventSource, so the token travels in TOKEN_HEADER as on every request
 * instead of in the address.
 */
export const EVENTS_PATH = '/events';

/**
 * Photos in the web host: PHOTOS_PATH + "<photo id>/<original|medium|small>?token=…". An image
 * element cannot send a header, so the per-run token travels in the address for these requests only.
 * (The app serves the same paths on its own app:// protocol, without a token.)
 */
export const PHOTOS_PATH = '/photos/';
export const PHOTOS_TOKEN_PARAM = 'token';
