import type { Db } from '../connection';

export interface Migration {
  /** The user_version this migration brings the database to; steps of 10, append-only. */
  version: number;
  name: string;
  /** Runs inside the migrator's transaction; must not await. */
  up(db: Db): void;
}
