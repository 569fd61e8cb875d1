/** Types of scripts/fuses.mjs, for the TypeScript that imports it (tests). */
import type { FuseV1Config, FuseV1Options, FuseVersion } from '@electron/fuses';

export const FUSES: Readonly<Record<keyof typeof FuseV1Options, boolean>>;
export function fuseConfig(
  enums: { FuseVersion: typeof FuseVersion; FuseV1Options: typeof FuseV1Options },
  options?: { resetAdHocDarwinSignature?: boolean },
): FuseV1Config;
