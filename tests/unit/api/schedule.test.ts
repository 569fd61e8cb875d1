import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../../electron/core/handlers';
import { openSession } from '../../../electron/core/session/session';

const temps: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const backupsIn = (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.mutualbackup')) : []);

describe('the scheduled backup', () => {
  it('waits two minutes after unlock, so opening the journal never waits for a backup, then makes one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mutual-schedule-'));
    temps.push(dir);
    const session = openSession(path.join(dir, 'journal'));
    const h = createHandlers(session);
    try {
      vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
      const created = await h['vault.create']({ passphrase: 'schedule passphrase 1' });
      expect(created.ok).toBe(true);
      const settings = await h['settings.get']({});
      if (!settings.ok) throw new Error(settings.error.message);
      expect(settings.value.backupEvery).toBe('daily');
      const folder = settings.value.backupFolder;

      vi.advanceTimersByTime(119_000);
      expect(backupsIn(folder)).toHaveLength(0);
      vi.advanceTimersByTime(2_000);
      expect(backupsIn(folder)).toHaveLength(1);
      // Not again within the day: the quarter-hour checks find it is not due.
      vi.advanceTimersByTime(60 * 60_000);
      expect(backupsIn(folder)).toHaveLength(1);
    } finally {
      session.close();
    }
  });
});
