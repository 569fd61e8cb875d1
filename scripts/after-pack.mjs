/**
 * electron-builder's afterPack hook (electron-builder.yml): flips the fuses listed in
 * scripts/fuses.mjs on the packed Electron binary, before electron-builder signs it, then reads
 * the fuse wire back and fails the build if any fuse is not as listed — an installer must never
 * be made from a binary whose fuses did not take.
 */
import path from 'node:path';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { Arch } from 'electron-builder';
import { FUSES, fuseConfig } from './fuses.mjs';

// The wire stores each fuse as the character '1' (on) or '0' (off); @electron/fuses does not export these.
const ON = '1'.charCodeAt(0);
const OFF = '0'.charCodeAt(0);

/** Where electron-builder put the Electron binary (the same rule as its own addElectronFuses). */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

export default async function afterPack(context) {
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // An unsigned arm64 macOS binary must carry an ad-hoc signature to run at all; flipping fuses breaks the old one.
  const resetAdHocDarwinSignature = darwin && (context.arch === Arch.arm64 || context.arch === Arch.universal);
  await context.packager.addElectronFuses(context, fuseConfig({ FuseVersion, FuseV1Options }, { resetAdHocDarwinSignature }));

  const wire = await getCurrentFuseWire(electronBinaryPath(context));
  const wrong = Object.entries(FUSES).filter(([name, wanted]) => wire[FuseV1Options[name]] !== (wanted ? ON : OFF));
  if (wrong.length > 0) {
    throw new Error(`The fuses ${wrong.map(([name]) => name).join(', ')} are not set as scripts/fuses.mjs lists them in ${electronBinaryPath(context)}; no installer was made.`);
  }
  const unnamed = Object.keys(wire).filter((key) => /^\d+$/.test(key) && Number(key) >= Object.keys(FUSES).length);
  if (unnamed.length > 0) console.warn(`[mutual] Electron's fuse wire has ${unnamed.length} fuse(s) past the ones scripts/fuses.mjs sets (index ${unnamed.join(', ')}); they keep Electron's defaults.`);
}
