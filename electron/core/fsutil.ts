import fs from 'node:fs';
import path from 'node:path';
import { MutualError } from '../shared/result';

/** Private files: readable and writable by the person's own account only. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/**
 * Writes a file so that a crash leaves either the old content or the new, never half of either:
 * temp file in the same folder, fsync, rename over the target, fsync the folder.
 */
export function writeFileAtomic(target: string, data: string | Buffer): void {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', FILE_MODE);
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
    fsyncDir(dir);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw translateFsError(error);
  }
}

export function fsyncDir(dir: string): void {
  // Directory fsync makes the rename durable; Windows cannot open directories, which is fine there.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function translateFsError(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new MutualError('DISK_FULL', undefined, { cause: error });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new MutualError('INTERNAL', 'Mutual is not allowed to write in the journal folder. Check its permissions and try again.', { cause: error });
  // Only a chosen path can be a folder where a file belongs (or the reverse): the person can pick another.
  if (code === 'EISDIR' || code === 'ENOTDIR')
    return new MutualError('BAD_INPUT', 'That path names a folder where Mutual needs a file, or a file where it needs a folder. Choose another and try again.', { cause: error });
  return error;
}
