/**
 * electron-builder's afterAllArtifactBuild hook (electron-builder.yml): writes the SHA-256 of
 * every installer it just made into SHA256SUMS-<platform>.txt beside them, in the format
 * `sha256sum -c` reads, so the sums can be published with the downloads (README, "Checking a
 * download"). Returns the file so electron-builder lists it with the artifacts.
 */
import { createHash } from 'node:crypto';
import { createReadStream, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Files a person downloads; update metadata and block maps are for an updater Mutual does not have. */
export function isInstaller(file) {
  return /\.(AppImage|deb|dmg|exe|zip|tar\.gz|rpm)$/i.test(file) && !/\.blockmap$/i.test(file);
}

export function sha256File(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** `sha256sum` lines: the hash, two spaces, the file name; sorted by name (byte order, whatever the locale) so two runs compare cleanly. */
export function formatSums(entries) {
  return entries
    .map(({ name, sha256 }) => `${sha256}  ${name}\n`)
    .sort((a, b) => (a.slice(66) < b.slice(66) ? -1 : a.slice(66) > b.slice(66) ? 1 : 0))
    .join('');
}

export async function writeChecksums(outDir, artifactPaths, platform) {
  const installers = artifactPaths.filter(isInstaller);
  if (installers.length === 0) return [];
  const entries = [];
  for (const file of installers) entries.push({ name: path.basename(file), sha256: await sha256File(file) });
  const target = path.join(outDir, `SHA256SUMS-${platform}.txt`);
  writeFileSync(target, formatSums(entries));
  return [target];
}

export default async function afterAllArtifactBuild(result) {
  // electron-builder's own short names: linux, mac, win.
  const platforms = [...result.platformToTargets.keys()].map((p) => p.buildConfigurationKey ?? p.nodeName);
  return writeChecksums(result.outDir, result.artifactPaths, platforms.length === 1 ? platforms[0] : platforms.join('-'));
}
