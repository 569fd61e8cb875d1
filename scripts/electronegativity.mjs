#!/usr/bin/env node
/**
 * Part of `npm run lint`: Doyensec's electronegativity over the Electron main process and the
 * preload, which must come back with zero findings. The tool reads TypeScript itself, so it runs
 * over the sources (electron/main, electron/preload and electron/shared, which both import) —
 * no build needed, and every finding names a source line.
 *
 * The tool answers 0 whatever it finds, so this script reads its SARIF report and fails on any
 * result. It tries to fetch translations and Electron's release list from the network and goes on
 * without them when offline (as here and in CI).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

/** Sources the tool reads: what runs in the main process and the preload. */
export const SCANNED = ['electron/main', 'electron/preload', 'electron/shared'];

/**
 * Checks switched off, each for a reason the tool cannot see. Nothing else is disabled, and no
 * `eng-disable` comment is used in the sources.
 */
export const DISABLED_CHECKS = {
  AvailableSecurityFixesGlobalCheck:
    "Needs the network (Electron's release list). Electron is pinned in package.json and upgraded on purpose, with its release notes read.",
  CSPGlobalCheck:
    "The policy is not a <meta> tag or an onHeadersReceived callback, the two places the tool looks: the app:// protocol handler sends it as a response header with every file (electron/main/security.ts responseHeaders, APP_CSP). tests/unit/shell/security.test.ts asserts the header and tests/e2e/electron.test.ts the policy the page runs under.",
  PreloadJSCheck:
    'The tool asks for a manual review of every preload. Ours (electron/preload/index.ts) hands the page one function per contract channel and the shell objects of electron/shared/shell.ts — never ipcRenderer; tests/unit/shell/preload.test.ts asserts that exact surface and tests/e2e/electron.test.ts what the page sees.',
  OpenExternalJSCheck:
    'The tool flags every shell.openExternal whose argument is not a literal. Both calls (electron/main/window.ts) open only what externalLinkTarget allows — https to a named host, mailto with plain fields — table-tested in tests/unit/shell/security.test.ts.',
};

function electronVersion() {
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
}

/** The findings in a SARIF report, as `file:line CHECK — description` lines. */
export function findingsFromSarif(sarif) {
  const lines = [];
  for (const run of sarif.runs ?? []) {
    for (const result of run.results ?? []) {
      const where = result.locations?.[0]?.physicalLocation;
      const file = where?.artifactLocation?.uri ?? 'N/A';
      const line = where?.region?.startLine ?? 0;
      lines.push(`${file}:${line} ${result.ruleId} — ${result.message?.text ?? ''}`.trim());
    }
  }
  return lines;
}

function main() {
  const work = mkdtempSync(path.join(tmpdir(), 'mutual-electronegativity-'));
  try {
    const input = path.join(work, 'electron');
    for (const dir of SCANNED) cpSync(path.join(root, dir), path.join(input, path.relative('electron', dir)), { recursive: true });
    const report = path.join(work, 'report.sarif');
    const cli = path.join(path.dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
    const run = spawnSync(
      process.execPath,
      [cli, '--input', input, '--relative', '--electron-version', electronVersion(), '--exclude-checks', Object.keys(DISABLED_CHECKS).join(','), '--output', report],
      { cwd: work, encoding: 'utf8', timeout: 120_000 },
    );
    let sarif;
    try {
      sarif = JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      console.error(`${run.stdout ?? ''}${run.stderr ?? ''}`.trim());
      console.error('electronegativity did not produce its report (see above), so the Electron security checks did not run.');
      process.exit(1);
    }
    const findings = findingsFromSarif(sarif);
    if (findings.length > 0) {
      console.error(`electronegativity: ${findings.length} finding(s) in ${SCANNED.join(', ')}:`);
      for (const line of findings) console.error(`  ${line}`);
      console.error('Fix each one, or, if the tool cannot see why it is safe, add the check to DISABLED_CHECKS in scripts/electronegativity.mjs with the reason.');
      process.exit(1);
    }
    console.log(`electronegativity: no findings in ${SCANNED.join(', ')} (${Object.keys(DISABLED_CHECKS).length} checks off, reasons in scripts/electronegativity.mjs).`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
