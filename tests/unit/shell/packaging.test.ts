/**
 * The installer build, as far as it can be checked without Electron's binary or the network:
 * electron-builder's own loading and schema validation of electron-builder.yml, the files it
 * names, the fuse list, the afterPack hook on a stand-in fuse wire, and the published checksums.
 * `npm run dist` itself runs only on a machine with network (README, "Building the installers").
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, describe, expect, it } from 'vitest';
import afterPack, { electronBinaryPath } from '../../../scripts/after-pack.mjs';
import afterAllArtifactBuild, { formatSums, isInstaller, writeChecksums } from '../../../scripts/checksums.mjs';
import { FUSES, fuseConfig } from '../../../scripts/fuses.mjs';
import viteConfig from '../../../electron.vite.config';

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(path.join(root, 'package.json'));
// electron-builder's own configuration loader and validator (what `electron-builder` runs first).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { Minimatch } = require('minimatch') as { Minimatch: new (pattern: string, options?: object) => { match(p: string): boolean; negate: boolean } };

const temp: string[] = [];
afterAll(() => temp.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mutual-packaging-'));
  temp.push(dir);
  return dir;
};

type BuilderConfig = {
  appId: string;
  productName: string;
  asar: unknown;
  asarUnpack: string[];
  files: { filter: string[] }[];
  afterPack: string;
  afterAllArtifactBuild: string;
  directories: { output: string; buildResources: string };
  linux: { target: string[]; icon: string; executableName: string };
  mac: { target: string; icon: string };
  win: { target: string; icon: string };
};

const loadConfig = async () => (await getConfig(root, null, null)) as unknown as BuilderConfig;

/** Whether electron-builder's `files` patterns (last match wins, `!` excludes) take a path. */
function included(filters: string[], file: string): boolean {
  let taken = false;
  for (const pattern of filters) {
    const m = new Minimatch(pattern, { dot: true });
    if (m.negate ? !m.match(file) : m.match(file)) taken = !m.negate;
  }
  return taken;
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is really checked: the same validation refuses a misspelt option', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, tagret: ['deb'] } }, new DebugLogger(false))).rejects.toThrow(/configuration/i);
  });

  it('makes the installers the README names, for Mutual, from an asar', async () => {
    const config = await loadConfig();
    expect(config.productName).toBe('Mutual');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    expect(config.asar).not.toBe(false);
    // Compiled modules, and libvips (a shared library the dynamic linker reads from disk).
    expect(config.asarUnpack).toEqual(['**/*.node', '**/node_modules/@img/sharp-libvips-*/**']);
    expect(config.directories.output).toBe('dist');
  });

  it('packs the journal worker and the parse worker beside the main process, the preload, the page and the native modules (sharp for photos too) — nothing else from the build', async () => {
    const filters = (await loadConfig()).files.flatMap((f) => f.filter);
    for (const file of [
      'package.json',
      'out/main/index.js',
      'out/main/journalWorker.js',
      'out/main/parseWorker.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'node_modules/better-sqlite3-multiple-ciphers/lib/index.js',
      'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node',
      'node_modules/bindings/bindings.js',
      'node_modules/@node-rs/argon2/index.js',
      'node_modules/@node-rs/argon2-linux-x64-gnu/argon2.linux-x64-gnu.node',
      'node_modules/sharp/lib/index.js',
      'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node',
      'node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8.18.7',
      'node_modules/@img/colour/index.cjs',
      'node_modules/detect-libc/lib/detect-libc.js',
    ]) {
      expect(included(filters, file), file).toBe(true);
    }
    for (const file of ['out/main/index.js.map', 'out/node/mutual.js', 'out/web/index.html', 'electron/main/index.ts', 'node_modules/react/index.js', 'tests/e2e/electron.test.ts', '.electron-native/better_sqlite3.node']) {
      expect(included(filters, file), file).toBe(false);
    }
  });

  it('and electron-vite builds those workers into out/main, where main and the journal worker look for them', () => {
    const main = (viteConfig as { main: { build: { outDir: string; lib: { entry: Record<string, string> } } } }).main.build;
    expect(path.relative(root, main.outDir)).toBe(path.join('out', 'main'));
    expect(Object.keys(main.lib.entry).sort()).toEqual(['index', 'journalWorker', 'parseWorker']);
    expect(readFileSync(path.join(root, 'electron/main/index.ts'), 'utf8')).toContain("path.join(here, 'journalWorker.js')");
    // An import's parse workers are found beside the bundle that runs (parsePool.ts, parseWorkerFile).
    expect(readFileSync(path.join(root, 'electron/core/services/import/parsePool.ts'), 'utf8')).toContain("path.join(dir, 'parseWorker.js')");
  });

  it('names hooks and icons that exist, at the sizes each system wants', async () => {
    const config = await loadConfig();
    for (const hook of [config.afterPack, config.afterAllArtifactBuild]) expect(readFileSync(path.join(root, hook), 'utf8')).toContain('export default async function');
    expect(pngSize(path.join(root, config.linux.icon, '512x512.png'))).toEqual({ width: 512, height: 512 });
    expect(pngSize(path.join(root, config.linux.icon, '256x256.png'))).toEqual({ width: 256, height: 256 });
    expect(pngSize(path.join(root, 'resources/icon.png'))).toEqual({ width: 512, height: 512 });
    const ico = readFileSync(path.join(root, config.win.icon));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(4);
    expect(readFileSync(path.join(root, config.mac.icon)).subarray(0, 4).toString('ascii')).toBe('icns');
    expect(readFileSync(path.join(root, 'resources/icon.svg'), 'utf8')).toMatch(/^<svg /);
  });
});

describe('fuses', () => {
  it('are exactly the list: no Node, no NODE_OPTIONS, no inspector, asar only and checked, cookies encrypted, no file:// extras', () => {
    expect(FUSES).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
    expect(Object.isFrozen(FUSES)).toBe(true);
  });

  it('decide every fuse @electron/fuses knows', () => {
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(Object.keys(FUSES).sort()).toEqual(known.sort());
    const config = fuseConfig({ FuseVersion, FuseV1Options }) as unknown as Record<number, boolean>;
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });

  /** A file carrying Electron's fuse sentinel and a wire of `fuses` (as an Electron binary does). */
  function standInBinary(dir: string, name: string, fuses: string): string {
    const file = path.join(dir, name);
    const wire = Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, fuses.length]), Buffer.from(fuses)]);
    writeFileSync(file, Buffer.concat([Buffer.from('not an executable\0'), wire, Buffer.from('\0rest')]));
    return file;
  }

  const linuxContext = (appOutDir: string, addElectronFuses: (context: unknown, config: unknown) => Promise<unknown>) => ({
    appOutDir,
    electronPlatformName: 'linux',
    arch: 1,
    packager: { appInfo: { productFilename: 'Mutual' }, executableName: 'mutual', addElectronFuses },
  });

  it('are flipped by the afterPack hook, which reads them back', async () => {
    const dir = tempDir();
    const binary = standInBinary(dir, 'mutual', '101001001');
    const { flipFuses } = await import('@electron/fuses');
    const context = linuxContext(dir, (_ctx, config) => flipFuses(binary, config as Parameters<typeof flipFuses>[1]));
    expect(electronBinaryPath(context)).toBe(binary);
    await afterPack(context);
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    const states = Object.keys(FUSES).map((_, i) => String.fromCharCode(wire[i]!)).join('');
    expect(states).toBe('01001100');
    // The fuse @electron/fuses 1.x cannot name keeps Electron's default.
    expect(String.fromCharCode(wire[8]!)).toBe('1');
  });

  it('stop the build when the binary does not take them', async () => {
    const dir = tempDir();
    standInBinary(dir, 'mutual', '11111111');
    await expect(afterPack(linuxContext(dir, async () => 1))).rejects.toThrow(/RunAsNode.*no installer was made/);
  });

  it('are looked for where electron-builder puts each system’s binary', () => {
    const packager = { appInfo: { productFilename: 'Mutual' }, executableName: 'mutual' };
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'darwin', packager })).toBe(path.join('/o', 'Mutual.app'));
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'win32', packager })).toBe(path.join('/o', 'Mutual.exe'));
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'linux', packager })).toBe(path.join('/o', 'mutual'));
  });
});

describe('checksums beside the installers', () => {
  it('cover the installers only, in the format `sha256sum -c` reads', async () => {
    const dir = tempDir();
    const files: string[] = [];
    for (const [name, body] of [
      ['Mutual-0.1.0.AppImage', 'appimage'],
      ['mutual_0.1.0_amd64.deb', 'deb'],
      ['Mutual-0.1.0.AppImage.blockmap', 'map'],
      ['latest-linux.yml', 'yml'],
    ] as const) {
      const file = path.join(dir, name);
      writeFileSync(file, body);
      files.push(file);
    }
    mkdirSync(path.join(dir, 'linux-unpacked'));
    const [written] = await writeChecksums(dir, [...files, path.join(dir, 'linux-unpacked')], 'linux');
    expect(written).toBe(path.join(dir, 'SHA256SUMS-linux.txt'));
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    expect(readFileSync(written!, 'utf8')).toBe(`${sha('appimage')}  Mutual-0.1.0.AppImage\n${sha('deb')}  mutual_0.1.0_amd64.deb\n`);
  });

  it('are named for each system as the README says: SHA256SUMS-linux, -mac, -win', async () => {
    const { Platform } = require('app-builder-lib') as { Platform: Record<'LINUX' | 'MAC' | 'WINDOWS', unknown> };
    for (const [platform, name, installer] of [
      [Platform.LINUX, 'linux', 'Mutual-0.1.0.AppImage'],
      [Platform.MAC, 'mac', 'Mutual-0.1.0.dmg'],
      [Platform.WINDOWS, 'win', 'Mutual Setup 0.1.0.exe'],
    ] as const) {
      const dir = tempDir();
      writeFileSync(path.join(dir, installer), 'x');
      const written = await afterAllArtifactBuild({ outDir: dir, artifactPaths: [path.join(dir, installer)], platformToTargets: new Map([[platform, new Map()]]) });
      expect(written).toEqual([path.join(dir, `SHA256SUMS-${name}.txt`)]);
      expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`SHA256SUMS-${name}.txt`);
    }
  });

  it('know an installer from the rest', () => {
    expect(['a.AppImage', 'a.deb', 'a.dmg', 'a Setup 0.1.0.exe'].every(isInstaller)).toBe(true);
    expect(['a.blockmap', 'a.exe.blockmap', 'latest.yml', 'builder-debug.yml', 'a.dmg.blockmap'].some(isInstaller)).toBe(false);
    expect(formatSums([{ name: 'b', sha256: 'f'.repeat(64) }, { name: 'a', sha256: '0'.repeat(64) }])).toBe(`${'0'.repeat(64)}  a\n${'f'.repeat(64)}  b\n`);
  });
});
