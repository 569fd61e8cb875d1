/**
 * What `mutual` loads before it answers. --help and usage errors must not load the journal code:
 * no native module (SQLite, Argon2) and none of the chunks that carry zod and the core; commands
 * that open a journal must not load the importers. Checked on the built command
 * (out/node, rebuilt by tests/globalSetup.ts): at run time, by recording every CommonJS module (the
 * native packages are CommonJS) and every native library the process loads, and in esbuild's
 * metafile, by following each output's static imports.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOptions, NATIVE } from '../../../scripts/build-node.mjs';
import { BIN, root } from './support';

let tmp: string;
let probe: string;

/**
 * Preloaded with --require: at exit, writes the files of every CommonJS module loaded (from ESM
 * too) and every native library opened, except itself.
 */
const PROBE = `
const opened = [];
const dlopen = process.dlopen;
process.dlopen = function (module, filename, ...rest) {
  opened.push(filename);
  return dlopen.call(this, module, filename, ...rest);
};
process.on('exit', () => {
  const loaded = [...Object.keys(require('node:module')._cache).filter((f) => f !== __filename), ...opened];
  require('node:fs').writeFileSync(process.env.MUTUAL_LOAD_PROBE, JSON.stringify(loaded));
});
`;

/** Runs the built command with the probe; what it printed, how it ended and the modules it loaded. */
function runProbed(args: string[]): { status: number | null; stdout: string; stderr: string; loaded: string[] } {
  const record = path.join(tmp, `opened-${Math.random().toString(36).slice(2)}.json`);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MUTUAL_')));
  const child = spawnSync(process.execPath, ['--require', probe, BIN, ...args], {
    cwd: root,
    env: { ...env, HOME: tmp, XDG_CONFIG_HOME: path.join(tmp, 'config'), MUTUAL_LOAD_PROBE: record },
    encoding: 'utf8',
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, loaded: JSON.parse(fs.readFileSync(record, 'utf8')) as string[] };
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-startup-'));
  probe = path.join(tmp, 'probe.cjs');
  fs.writeFileSync(probe, PROBE);
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('at run time', () => {
  it('--help, one command’s help and a usage error load neither SQLite nor Argon2 (nor any CommonJS module)', () => {
    for (const args of [['--help'], ['add', '--help'], ['nonsense']]) {
      const out = runProbed(args);
      expect(out.status, out.stderr).toBe(args[0] === 'nonsense' ? 2 : 0);
      expect(out.loaded).toEqual([]);
    }
    expect(runProbed(['--help']).stdout).toContain('mutual search');
  });

  it('the probe does see SQLite and Argon2 once a command opens a journal', () => {
    // No journal there: the command loads the journal code, then says so (exit 1).
    const out = runProbed(['list', '--vault', path.join(tmp, 'no-journal')]);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/No journal was found/);
    expect(out.loaded.some((f) => f.includes(`${path.sep}better-sqlite3-multiple-ciphers${path.sep}`))).toBe(true);
    expect(out.loaded.some((f) => /argon2.*\.node$/.test(f))).toBe(true);
  });
});

describe('in the build', () => {
  let metafile: Metafile;
  const outputs = () => metafile.outputs;

  beforeAll(async () => {
    metafile = (await esbuild.build({ ...buildOptions(), outdir: path.join(tmp, 'build') })).metafile;
  });

  /** Every output an output loads before it runs (static imports, followed). */
  function staticClosure(output: string, seen = new Set<string>()): Set<string> {
    if (seen.has(output)) return seen;
    seen.add(output);
    for (const i of outputs()[output]!.imports) if (i.kind === 'import-statement' && !i.external) staticClosure(i.path, seen);
    return seen;
  }

  function loadedBy(entry: RegExp): { inputs: string[]; external: string[] } {
    const output = Object.keys(outputs()).find((o) => entry.test(o) && o.endsWith('.js'));
    expect(output, `no output matches ${entry}`).toBeDefined();
    const closure = [...staticClosure(output!)];
    return {
      inputs: closure.flatMap((o) => Object.keys(outputs()[o]!.inputs)),
      external: closure.flatMap((o) => outputs()[o]!.imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path)),
    };
  }

  it('cli.js starts with neither the native modules nor zod nor the core', () => {
    const { inputs, external } = loadedBy(/[\\/]cli\.js$/);
    expect(external.filter((e) => NATIVE.includes(e))).toEqual([]);
    expect(inputs.filter((i) => /node_modules[\\/]zod|electron[\\/]core|electron[\\/]shared[\\/]contract/.test(i))).toEqual([]);
  });

  it('add, list and search load the journal code but not the importers’ parsers, nor the image library', () => {
    for (const command of ['add', 'list', 'search']) {
      const { inputs, external } = loadedBy(new RegExp(`[\\\\/]chunks[\\\\/]${command}-[^\\\\/]+\\.js$`));
      expect(external, command).toEqual(expect.arrayContaining(['better-sqlite3-multiple-ciphers', '@node-rs/argon2']));
      // sharp (libvips) is loaded only when a photo is added (services/photos.ts).
      expect(external, command).not.toContain('sharp');
      expect(inputs.some((i) => i.includes('electron/core/handlers.ts')), command).toBe(true);
      // services/import/prepared.ts holds no parser (only what a preview kept, let go on lock), so the session may load it.
      expect(inputs.filter((i) => /node_modules[\\/](yaml|yauzl|stream-json|stream-chain)[\\/]|services[\\/]import[\\/](?!prepared\.ts$)/.test(i)), command).toEqual([]);
    }
  });
});
