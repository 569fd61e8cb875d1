/** Types of scripts/checksums.mjs, for the TypeScript that imports it (tests). */
export function isInstaller(file: string): boolean;
export function sha256File(file: string): Promise<string>;
export function formatSums(entries: { name: string; sha256: string }[]): string;
export function writeChecksums(outDir: string, artifactPaths: string[], platform: string): Promise<string[]>;
export default function afterAllArtifactBuild(result: unknown): Promise<string[]>;
