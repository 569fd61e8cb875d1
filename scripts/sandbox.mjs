/**
 * Ubuntu 23.10 and later restrict unprivileged user namespaces with AppArmor
 * (kernel.apparmor_restrict_unprivileged_userns = 1), which Chromium's sandbox uses. Electron
 * then falls back to its setuid helper, chrome-sandbox — which in node_modules belongs to the
 * person, not root, so Electron aborts with a FATAL line about the SUID sandbox. `npm start`
 * checks for this first and prints the one-time fix. (The installed packages set the helper up
 * themselves.) Turning the sandbox off is never offered.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** What the check needs to know, read from this machine. */
export function readSandboxFacts(electronDir, platform = process.platform) {
  const sandboxPath = path.join(electronDir, 'chrome-sandbox');
  let restrictUserns = null;
  let sandbox = null;
  if (platform === 'linux') {
    try {
      restrictUserns = readFileSync('/proc/sys/kernel/apparmor_restrict_unprivileged_userns', 'utf8').trim();
    } catch {
      restrictUserns = null;
    }
    try {
      const s = statSync(sandboxPath);
      sandbox = { uid: s.uid, mode: s.mode };
    } catch {
      sandbox = null;
    }
  }
  return { platform, restrictUserns, sandboxPath, sandbox };
}

/** The sentence and commands to print, or null when Electron's sandbox can start. */
export function sandboxProblem({ platform, restrictUserns, sandboxPath, sandbox }) {
  if (platform !== 'linux' || restrictUserns !== '1' || sandbox === null) return null;
  const setuidRoot = sandbox.uid === 0 && (sandbox.mode & 0o4000) !== 0;
  if (setuidRoot) return null;
  const quoted = JSON.stringify(sandboxPath);
  return [
    "The Mutual desktop app cannot start: this system (Ubuntu 23.10 or later: kernel.apparmor_restrict_unprivileged_userns = 1) keeps Electron's sandbox from starting unless its helper is owned by root and setuid, and",
    `  ${sandboxPath}`,
    'is not. Fix it once (again after each reinstall of node_modules) with:',
    `  sudo chown root:root ${quoted} && sudo chmod 4755 ${quoted}`,
    'then run npm start again.',
  ].join('\n');
}
