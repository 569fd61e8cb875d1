/**
 * Remembering where the window was. Stored as a small JSON file in Electron's userData folder
 * (never in the journal: it is not the person's writing and must be readable before unlock).
 * No 'electron' import, so the restore rule is testable in plain Node.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rect {
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1100, height: 760 } as const;
export const MIN_SIZE = { width: 480, height: 400 } as const;
const STATE_FILE = 'window-state.json';

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 100_000;

/** Accepts only a well-formed saved state; anything else means "use the default". */
export function parseWindowState(json: unknown): WindowState | null {
  if (!json || typeof json !== 'object') return null;
  const s = json as Record<string, unknown>;
  if (!isInt(s.x) || !isInt(s.y) || !isInt(s.width) || !isInt(s.height)) return null;
  if (s.width < MIN_SIZE.width || s.height < MIN_SIZE.height) return null;
  return { x: s.x, y: s.y, width: s.width, height: s.height, maximized: s.maximized === true };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The saved bounds, if a sensible part of the window (its title bar region included) is still on
 * one of today's screens — a monitor may have been unplugged since. Otherwise null (centre a
 * default-sized window).
 */
export function restorableBounds(saved: WindowState | null, workAreas: readonly Rect[]): WindowState | null {
  if (!saved) return null;
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: Math.min(48, saved.height) };
  const visible = workAreas.some((area) => overlap(titleBar, area) >= Math.min(100 * 24, titleBar.width * titleBar.height));
  if (!visible) return null;
  const area = workAreas.reduce((best, a) => (overlap(saved, a) > overlap(saved, best) ? a : best), workAreas[0]!);
  return {
    ...saved,
    width: Math.min(saved.width, Math.max(MIN_SIZE.width, area.width)),
    height: Math.min(saved.height, Math.max(MIN_SIZE.height, area.height)),
  };
}

export function loadWindowState(userDataDir: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(path.join(userDataDir, STATE_FILE), 'utf8')));
  } catch {
    return null;
  }
}

/** Best effort: failing to remember the window's place must never disturb the journal. */
export function saveWindowState(userDataDir: string, state: WindowState): void {
  try {
    mkdirSync(userDataDir, { recursive: true });
    const file = path.join(userDataDir, STATE_FILE);
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // ignored on purpose (read-only profile, full disk): the window simply opens centred next time
  }
}
