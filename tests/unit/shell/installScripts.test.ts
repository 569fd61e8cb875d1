/**
 * Dependency install scripts run only where they must: package.json's allowScripts (npm 11.16+)
 * lists every installed package that has one, allowing exactly better-sqlite3-multiple-ciphers
 * (compiles SQLCipher) and esbuild (checks its binary), and .npmrc's strict-allow-scripts makes
 * `npm install` stop when a new dependency brings a script nobody reviewed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };

/** Every installed package (node_modules, nested ones too) whose package.json has an install-time script. */
function packagesWithInstallScripts(): Set<string> {
  const found = new Set<string>();
  const visit = (modules: string) => {
    let names: string[];
    try {
      names = fs.readdirSync(modules);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@')) {
        for (const inner of fs.readdirSync(path.join(modules, name))) visitPackage(path.join(modules, name, inner), `${name}/${inner}`);
      } else visitPackage(path.join(modules, name), name);
    }
  };
  const visitPackage = (dir: string, name: string) => {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; gypfile?: boolean };
      const s = manifest.scripts ?? {};
      // npm runs `node-gyp rebuild` for a package with a binding.gyp and no install script.
      const gyp = !s.install && !s.preinstall && fs.existsSync(path.join(dir, 'binding.gyp')) && manifest.gypfile !== false;
      if (s.preinstall || s.install || s.postinstall || gyp) found.add(name);
    } catch {
      return;
    }
    visit(path.join(dir, 'node_modules'));
  };
  visit(path.join(root, 'node_modules'));
  return found;
}

describe('install scripts', () => {
  it('are allowed for the two packages that need them and denied, by name, for every other', () => {
    const allowed = Object.entries(pkg.allowScripts ?? {}).filter(([, v]) => v === true).map(([k]) => k).sort();
    expect(allowed).toEqual(['better-sqlite3-multiple-ciphers', 'esbuild']);
    const uncovered = [...packagesWithInstallScripts()].filter((name) => !(name in (pkg.allowScripts ?? {})));
    expect(uncovered, 'packages with install scripts that allowScripts does not mention').toEqual([]);
  });

  it('stop an install when a new one is not reviewed (.npmrc strict-allow-scripts)', () => {
    const npmrc = fs.readFileSync(path.join(root, '.npmrc'), 'utf8');
    expect(npmrc).toMatch(/^strict-allow-scripts=true$/m);
    expect(npmrc).not.toMatch(/^(ignore-scripts|dangerously-allow-all-scripts)=true$/m);
  });
});
