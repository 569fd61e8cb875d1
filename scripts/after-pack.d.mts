/** Types of scripts/after-pack.mjs, for the TypeScript that imports it (tests). */
export function electronBinaryPath(context: {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}): string;
export default function afterPack(context: unknown): Promise<void>;
