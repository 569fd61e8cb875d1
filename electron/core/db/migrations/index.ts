import { migration0010 } from './0010-init';
import type { Migration } from './types';

/** Every schema version in order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [migration0010];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
