/** Types of scripts/sandbox.mjs, for the TypeScript that imports it (tests). */
export interface SandboxFacts {
  platform: NodeJS.Platform;
  restrictUserns: string | null;
  sandboxPath: string;
  sandbox: { uid: number; mode: number } | null;
}
export function readSandboxFacts(electronDir: string, platform?: NodeJS.Platform): SandboxFacts;
export function sandboxProblem(facts: SandboxFacts): string | null;
