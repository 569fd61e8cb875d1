import { migration0010 } from './0010-init';
import { migration0020 } from './0020-mention-dates';
import { migration0030 } from './0030-fts-page-size';
import { migration0040 } from './0040-index-queue';
import { migration0050 } from './0050-unspaced-scripts';
import { migration0060 } from './0060-time-and-tags';
import { migration0070 } from './0070-implied-people';
import { migration0080 } from './0080-person-kind-chosen';
import { migration0090 } from './0090-photos';
import { migration0100 } from './0100-photo-attachments';
import { migration0110 } from './0110-person-entries';
import { migration0120 } from './0120-sync';
import type { Migration } from './types';

/** Every schema version in order. Append only: a released migration is never edited. */
export const migrations: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0050, migration0060, migration0070, migration0080, migration0090, migration0100, migration0110, migration0120];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
