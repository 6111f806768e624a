/**
 * Editing a user's file the way a careful editor does, for `--fix`.
 *
 * Bytes: a file that is not valid UTF-8 is decoded with Python's "surrogateescape" scheme (each byte that is
 * not part of a valid sequence becomes the lone surrogate U+DC80+byte) and encoded back the same way, so
 * every byte on an untouched line is written back exactly as it was read.
 *
 * In place: the new content is written into the same file (the same inode), never into a replacement.
 * A symlinked spec is written through to its target, and the file keeps its mode, owner, ACLs and hard
 * links; the folder does not have to be writable. The cost is that the write is not atomic, so the window
 * is kept as small as we can: the whole content is prepared first, written with one positional write
 * (a spec is a few KiB), then truncated and synced; the CLI holds SIGINT, SIGTERM and SIGHUP back until the
 * file being written is complete; and the file is compared with what was read just before writing, so a
 * file another program saved in between is left alone.
 */
import { closeSync, fstatSync, ftruncateSync, fsyncSync, openSync, readFileSync, readSync, realpathSync, writeSync } from 'node:fs';

export interface ReadForEdit {
  bytes: Buffer;
  text: string;
}

/** Reads a file as text that encodes back to exactly the same bytes. */
export function readForEdit(path: string): ReadForEdit {
  const bytes = readFileSync(path);
  return { bytes, text: decodeLossless(bytes) };
}

export function decodeLossless(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD') || Buffer.from(text, 'utf8').equals(bytes)) return text;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const n = validSequenceLength(bytes, i);
    if (n === 0) {
      out += String.fromCharCode(0xdc00 + bytes[i]);
      i++;
    } else {
      out += bytes.toString('utf8', i, i + n);
      i += n;
    }
  }
  return out;
}

export function encodeLossless(text: string): Buffer {
  if (!/[\uDC80-\uDCFF]/.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const lone = c >= 0xdc80 && c <= 0xdcff && !(i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff);
    if (!lone) continue;
    parts.push(Buffer.from(text.slice(from, i), 'utf8'), Buffer.from([c - 0xdc00]));
    from = i + 1;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** The length of the valid UTF-8 sequence starting at `i` (RFC 3629: no overlongs, no surrogates), or 0. */
function validSequenceLength(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number) => i + k < b.length && (b[i + k] & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const c1 = b[i + 1];
    if (c === 0xe0 && c1 < 0xa0) return 0;
    if (c === 0xed && c1 >= 0xa0) return 0;
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const c1 = b[i + 1];
    if (c === 0xf0 && c1 < 0x90) return 0;
    if (c === 0xf4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

export class EditError extends Error {}

/**
 * Writes `text` into the file at `path` (through symlinks, on the same inode) if it still holds `expected`.
 * Throws an EditError saying why when it cannot.
 */
export function writeInPlace(path: string, expected: Buffer, text: string): void {
  const data = encodeLossless(text);
  let target: string;
  try {
    target = realpathSync(path);
  } catch (err) {
    throw new EditError(reason(err));
  }
  let fd: number;
  try {
    fd = openSync(target, 'r+');
  } catch (err) {
    throw new EditError(reason(err));
  }
  try {
    const size = fstatSync(fd).size;
    const now = Buffer.alloc(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, now, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    if (got !== expected.length || !now.subarray(0, got).equals(expected)) throw new EditError('it changed on disk while it was being checked; run again');
    let done = 0;
    while (done < data.length) done += writeSync(fd, data, done, data.length - done, done);
    if (data.length < size) ftruncateSync(fd, data.length);
    fsyncSync(fd);
  } catch (err) {
    throw err instanceof EditError ? err : new EditError(reason(err));
  } finally {
    closeSync(fd);
  }
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const what: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EISDIR: 'it is a folder',
    ENOENT: 'it no longer exists',
    ETXTBSY: 'it is busy',
  };
  return e.code && what[e.code] ? `${what[e.code]} (${e.code})` : e.message;
}
