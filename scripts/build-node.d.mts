/** Types of scripts/build-node.mjs, for the TypeScript that imports it (tests). */
import type { BuildOptions, Metafile } from 'esbuild';

export const outDir: string;
export const NATIVE: string[];
export const entryPoints: Record<string, string>;
export function buildOptions(): BuildOptions & { write: false; metafile: true };
export function isStale(): boolean;
export function buildNode(options?: { force?: boolean }): Promise<{ built: boolean; ms: number; metafile: Metafile | null }>;
