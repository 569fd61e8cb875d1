/**
 * Runs before anything else on the page (first import of src/main.tsx). The page runs under
 * Trusted Types (`require-trusted-types-for 'script'`, electron/shared/webSecurity.ts): no
 * string reaches an HTML, script or eval sink unless a named policy made it.
 *
 * What that touches, found by running the end-to-end tests in Chromium:
 * - zod probes for eval once (`Function('')`) to decide whether to compile its parsers. The CSP
 *   refuses eval anyway, but under Trusted Types the probe is also logged as a console error on
 *   every page. `jitless` makes zod skip the probe and parse the way it already did here.
 * - ProseMirror parses pasted HTML with innerHTML inside an inert document (no scripts run, no
 *   images load, no handlers fire) through its own policy, ProseMirrorClipboard, the one policy
 *   the CSP's `trusted-types` directive allows. The HTML is tidied first (cleanPastedHtml) and
 *   only what the editor's schema knows survives the parse.
 * - React renders no raw HTML here (no dangerouslySetInnerHTML, no <script> elements), tiptap
 *   runs with injectCSS off and gets documents as JSON, never HTML strings, and recharts draws
 *   through React.
 * So there is deliberately no default policy: one would pass every stray string that reaches a
 * sink, which is exactly what Trusted Types are here to refuse.
 */
import { z } from 'zod';

z.config({ jitless: true });
