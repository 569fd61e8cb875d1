/**
 * The web host's transport as both ends know it: the page (src/lib/api.ts) sends the per-run
 * token in this header and the host (electron/webhost/server.ts) accepts nothing without it. A
 * custom header also makes any cross-origin request need a CORS preflight, which the host never
 * grants.
 */
export const TOKEN_HEADER = 'x-mutual-token';
