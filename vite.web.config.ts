/**
 * Builds the renderer (src/) for the web host: the same React app the Electron shell loads, as
 * static files in out/web. electron.vite.config.ts builds it again for the app:// protocol; this
 * config exists so the web host and the end-to-end tests never need Electron.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = resolve(import.meta.dirname, 'src');

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // Nothing from the machine running the build may end up in the page.
  envPrefix: 'MUTUAL_PUBLIC_',
  logLevel: 'warn',
  build: {
    // MUTUAL_WEB_OUT: see electron/webhost/build.ts.
    outDir: process.env.MUTUAL_WEB_OUT ? resolve(process.env.MUTUAL_WEB_OUT) : resolve(import.meta.dirname, 'out/web'),
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: false,
    // Everything must be a file the CSP allows ('self'): never inline scripts or fonts as data URLs.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
});
