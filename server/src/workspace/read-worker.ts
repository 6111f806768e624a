/**
 * The body of the read-ahead worker thread (see read-ahead.ts): stats, reads and parses the project's contract
 * files and scripts with @lezer/python off the language server's main thread, and posts the readings back in
 * parts. Each reading carries the modification time and size stat'ed before its text was read, so the index
 * takes it only while the file still has them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import { mightDefineContract, readContracts } from '../engine/contracts/python.js';
import { readScript } from '../engine/python/scripts.js';
import type { ReadAheadJob, Reading } from './read-ahead.js';

/** Readings per message: the main thread takes each part between its own tasks. */
const PART = 200;

function readOne(file: ReadAheadJob['files'][number], maxBytes: number): Reading | undefined {
  try {
    const st = statSync(file.abs);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const text = readFileSync(file.abs, 'utf8');
    if (file.kind === 'contract') return { abs: file.abs, mtimeMs: st.mtimeMs, size: st.size, contracts: mightDefineContract(text) ? readContracts(file.rel, text) : { contracts: [] } };
    return { abs: file.abs, mtimeMs: st.mtimeMs, size: st.size, script: readScript(text) };
  } catch {
    // Unreadable here (gone, permissions, a reader's failure): the main thread reads it as it would have, and
    // reports what it finds.
    return undefined;
  }
}

const job = workerData as ReadAheadJob;
let part: Reading[] = [];
for (const file of job.files) {
  const reading = readOne(file, job.maxBytes);
  if (reading) part.push(reading);
  if (part.length >= PART) {
    parentPort!.postMessage(part);
    part = [];
  }
}
if (part.length) parentPort!.postMessage(part);
