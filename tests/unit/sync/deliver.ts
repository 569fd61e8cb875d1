/**
 * A stand-in for the person's sync tool, for the engine's tests: every computer syncs through a
 * folder of its own, and the test copies change files between those folders itself — late, out of
 * order, one at a time or all at once — as Syncthing or Dropbox would.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as syncRepo from '../../../electron/core/db/repos/sync';
import { collectLocalChanges, syncRound, writeOutbox, type RoundReport } from '../../../electron/core/sync/engine';
import { CHANGE_FILE_EXTENSION, DEVICES_DIR, FOLDER_KEY_FILE, parseSyncFileName } from '../../../electron/core/sync/folderNames';
import type { Db } from '../../../electron/core/db/connection';
import { firstComputer, joiningComputer, type Computer } from './syncHelpers';

/** One change file of one device, as a sync tool sees it: where it lies, relative to a folder. */
export interface FileOnTheWay {
  deviceId: string;
  number: number;
  /** `devices/<id>/<number>.mchange` */
  relative: string;
}

/** The canonical change files (whole or not) under a folder's `devices/`. */
export function changeFilesIn(folder: string): FileOnTheWay[] {
  const out: FileOnTheWay[] = [];
  const devices = path.join(folder, DEVICES_DIR);
  if (!fs.existsSync(devices)) return out;
  for (const deviceId of fs.readdirSync(devices).sort()) {
    const dir = path.join(devices, deviceId);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const parsed = parseSyncFileName(name);
      if (parsed?.kind !== 'change') continue;
      out.push({ deviceId, number: parsed.number, relative: path.join(DEVICES_DIR, deviceId, name) });
    }
  }
  return out;
}

/** A copy the way a sync tool finishes one: whole, under its final name (written aside, then renamed). */
export function copyInto(from: string, to: string, relative: string): void {
  const target = path.join(to, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = path.join(path.dirname(target), `.~deliver.${path.basename(target)}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  fs.copyFileSync(path.join(from, relative), temp);
  fs.renameSync(temp, target);
}

/**
 * Every file a sync tool would copy under a folder's `devices/`: change files, compaction marks,
 * photo files — any name but a temporary one (a leading "." or "~", or ".tmp").
 */
export function syncedFilesIn(folder: string): string[] {
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const name of fs.readdirSync(path.join(folder, relative)).sort()) {
      const child = path.join(relative, name);
      if (fs.statSync(path.join(folder, child)).isDirectory()) walk(child);
      else if (!/^[.~]/.test(name) && !name.endsWith('.tmp')) out.push(child);
    }
  };
  if (fs.existsSync(path.join(folder, DEVICES_DIR))) walk(DEVICES_DIR);
  return out;
}

/** Every (file, destination) pair a sync tool still has to copy between these folders, in a stable order. */
export function undelivered(folders: readonly string[]): { from: string; to: string; relative: string }[] {
  const held = folders.map((folder) => new Set(syncedFilesIn(folder)));
  const all = new Map<string, string>();
  held.forEach((files, i) => {
    for (const relative of files) if (!all.has(relative)) all.set(relative, folders[i]!);
  });
  const out: { from: string; to: string; relative: string }[] = [];
  for (const [relative, from] of [...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    folders.forEach((to, i) => {
      if (!held[i]!.has(relative)) out.push({ from, to, relative });
    });
  }
  return out;
}

/** Copies every file to every folder that lacks it. Returns how many copies were made. */
export function deliverAll(folders: readonly string[]): number {
  const missing = undelivered(folders);
  for (const { from, to, relative } of missing) copyInto(from, to, relative);
  return missing.length;
}

/** A new folder holding what `from` holds (the folder key and every change file), as a first sync would make it. */
export function cloneFolder(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  fs.copyFileSync(path.join(from, FOLDER_KEY_FILE), path.join(to, FOLDER_KEY_FILE));
  for (const relative of syncedFilesIn(from)) copyInto(from, to, relative);
}

/**
 * `count` computers, each syncing through a folder of its own: A, whose new journal `fill` writes,
 * through the first folder; B, C, … joined from copies of it, as a sync app first brings the
 * folder to another computer. `opened` hears of each computer as soon as it is open (to close it
 * after the test whatever happens).
 */
export async function computersApart(
  sub: (name: string) => string,
  count: number,
  fill?: (db: Db) => void,
  opened?: (computer: Computer) => void,
): Promise<{ computers: Computer[]; folders: string[] }> {
  const folders = Array.from({ length: count }, (_, i) => sub(`folder${i}`));
  const computers = [await firstComputer(sub('a'), folders[0]!, fill)];
  opened?.(computers[0]!);
  for (let i = 1; i < count; i++) {
    cloneFolder(folders[0]!, folders[i]!);
    const name = String.fromCharCode(65 + i);
    computers.push(await joiningComputer(name, sub(name.toLowerCase()), folders[i]!));
    opened?.(computers[i]!);
  }
  return { computers, folders };
}

export function changeFilePath(folder: string, deviceId: string, number: number): string {
  return path.join(folder, DEVICES_DIR, deviceId, `${String(number).padStart(12, '0')}${CHANGE_FILE_EXTENSION}`);
}

export function deviceIdOf(computer: Computer): string {
  return syncRepo.syncDevice(computer.vault.db)!.device_id;
}

/** Runs `use` with a copy of the computer's data key, zeroed afterwards. */
export function withKey<T>(computer: Computer, use: (dataKey: Buffer) => T): T {
  const dataKey = computer.vault.copyDataKey();
  try {
    const out = use(dataKey);
    if (out instanceof Promise) return out.finally(() => dataKey.fill(0)) as T;
    dataKey.fill(0);
    return out;
  } catch (error) {
    dataKey.fill(0);
    throw error;
  }
}

/** Only the first two steps of a round: this computer's edits into the outbox and out to its folder. Returns the files written. */
export function collectAndWrite(computer: Computer, now?: () => number): number {
  return withKey(computer, (dataKey) => {
    collectLocalChanges({ db: computer.vault.db, dataKey, now });
    return writeOutbox({ db: computer.vault.db, dataKey, now });
  });
}

export function fullRound(computer: Computer, now?: () => number): Promise<RoundReport> {
  return withKey(computer, (dataKey) => syncRound({ db: computer.vault.db, dataKey, now }));
}

/**
 * Rounds on every computer, with every file delivered everywhere between passes, until a pass
 * applies nothing and delivers nothing. Returns every problem the rounds reported.
 */
export async function settleApart(computers: readonly Computer[], folders: readonly string[], now?: () => number): Promise<RoundReport['problems']> {
  const problems: RoundReport['problems'] = [];
  for (let pass = 0; pass < 12; pass++) {
    let applied = 0;
    for (const c of computers) {
      const report = await fullRound(c, now);
      applied += report.applied + report.wrote;
      problems.push(...report.problems);
    }
    const delivered = deliverAll(folders);
    if (applied === 0 && delivered === 0) return problems;
  }
  throw new Error('sync did not settle in 12 passes');
}
