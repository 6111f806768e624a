/**
 * A file written whole or not at all: the bytes go to `<file>.<pid>.tmp` beside it, which is then renamed over
 * the file, so a reader (or a crash) never sees half of it. On any failure the temporary file is removed and the
 * error thrown: each caller decides whether a file it could not write matters.
 */
import { renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';

export function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    // Made afresh ('wx'), never written through: a symbolic link found at its name (left or planted) would lead
    // the bytes wherever it points. The rename then replaces `file` itself, a link there included, not its target.
    rmSync(tmp, { force: true });
    writeFileSync(tmp, data, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Never written.
    }
    throw e;
  }
}
