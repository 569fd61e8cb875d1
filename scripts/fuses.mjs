/**
 * The Electron fuses every installed Mutual is built with: switches compiled into the Electron
 * binary that no command-line flag or environment variable can turn back. Applied by
 * scripts/after-pack.mjs once electron-builder has packed the app (before signing), and asserted
 * by tests/unit/shell/fuses.test.ts. Plain JavaScript, because electron-builder loads the hook
 * with Node's own import.
 *
 * Each one closes a way for another program on the computer to run code inside Mutual, and so
 * read the journal while it is unlocked:
 */
export const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE=1 would turn the app's binary into a plain Node.js.
  RunAsNode: false,
  // Chromium's cookie store encrypted with the OS keychain (the app keeps no cookies; no cost).
  EnableCookieEncryption: true,
  // NODE_OPTIONS=--require … would load any script into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect and friends would attach a debugger (the app also refuses them: electron/main/packaged.ts).
  EnableNodeCliInspectArguments: false,
  // app.asar is checked against the hash embedded at build time (macOS and Windows).
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only app.asar is loaded, never a loose app/ folder put beside it.
  OnlyLoadAppFromAsar: true,
  // Left at Electron's default: one V8 snapshot for every process.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // file:// gets no more than a browser would give it (the app itself is served from app://).
  GrantFileProtocolExtraPrivileges: false,
});

/**
 * The configuration for @electron/fuses' flipFuses, given its FuseVersion and FuseV1Options enums.
 * Every fuse @electron/fuses 1.x knows is set explicitly. Not "strictlyRequireAllFuses": newer
 * Electrons carry fuses that only @electron/fuses 2 can name (WasmTrapHandlers, whose default is
 * kept), and @electron/fuses 2 needs Node 22; after-pack.mjs reports any fuse left at its default.
 */
export function fuseConfig({ FuseVersion, FuseV1Options }, { resetAdHocDarwinSignature = false } = {}) {
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature };
  for (const [name, value] of Object.entries(FUSES)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number') throw new Error(`@electron/fuses does not know the fuse ${name}; update scripts/fuses.mjs`);
    config[index] = value;
  }
  return config;
}
