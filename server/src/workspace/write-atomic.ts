/**
 * A file written whole or not at all: the bytes go to `<file>.<pid>.tmp` beside it, which is then renamed over
 * the file, so a reader (or a crash) never sees half of it. On any failure the temporary file is removed and the
 * error thrown: each caller decides whether a file it could not write matters.
 */
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';

export function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
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
