/**
 * The desktop build (`npm start`, `npm run build`): main, preload and renderer into out/.
 *  - main: ESM (package.json is "type": "module"); everything bundled except the native modules,
 *    which must be loaded from disk (better-sqlite3 via the Electron-ABI build, see
 *    scripts/start.mjs; @node-rs/argon2 is N-API and works in Node and Electron alike). Three
 *    entries: the main process (index.js), the journal worker it starts (journalWorker.js,
 *    electron/core/worker), which runs the whole journal off the main thread, and the parse
 *    worker an import starts beside it (parseWorker.js, electron/core/services/import/parsePool.ts).
 *  - preload: one self-contained CommonJS file, as sandboxed preloads require.
 *  - renderer: src/, served at app://mutual/ by the main process, so asset URLs stay relative.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;
const nativeModules = ['better-sqlite3-multiple-ciphers', /^better-sqlite3-multiple-ciphers\//, '@node-rs/argon2', /^@node-rs\/argon2/, 'sharp', /^@img\//];

export default defineConfig({
  main: {
    build: {
      externalizeDeps: false,
      outDir: resolve(root, 'out/main'),
      sourcemap: false,
      lib: {
        entry: {
          index: resolve(root, 'electron/main/index.ts'),
          journalWorker: resolve(root, 'electron/core/worker/journalWorker.ts'),
          parseWorker: resolve(root, 'electron/core/services/import/parseWorker.ts'),
        },
        formats: ['es'],
      },
      rolldownOptions: { external: nativeModules },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      outDir: resolve(root, 'out/preload'),
      sourcemap: false,
      lib: { entry: resolve(root, 'electron/preload/index.ts'), formats: ['cjs'] },
      rolldownOptions: {
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src'),
    plugins: [react()],
    // Nothing from the machine running the build may end up in the page.
    envPrefix: 'MUTUAL_PUBLIC_',
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      sourcemap: false,
      // As the web host's build: the same bytes for the browser to parse, whichever shell serves them.
      minify: true,
      // Everything must be a file the CSP allows ('self'): never inline scripts or fonts as data URLs.
      assetsInlineLimit: 0,
      chunkSizeWarningLimit: 2000,
      rolldownOptions: { input: resolve(root, 'src/index.html') },
    },
  },
});
