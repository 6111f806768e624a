/**
 * The body of the chunk-reading worker thread (see parallel-chunks.ts): reads chunks of a big YAML file with the
 * yaml package, from the last chunk of the plan backwards, while the main thread reads from the first forwards;
 * each chunk is taken by one side only (a shared claim per chunk). Readings go back in parts, as flat arrays
 * (chunk-codec.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseYamlTreeAt } from '../engine/syntax/parse-yaml.js';
import { ChunkEncoder } from '../engine/syntax/chunk-codec.js';
import { installYamlEnv } from '../workspace/yaml-env.js';
import { WORKER, digestOf, type ChunkJob } from './parallel-chunks.js';
import { readFileSync } from 'node:fs';
import { decodeLossless } from '../workspace/edit-file.js';

/** Chunks per message: the main thread decodes the parts while it waits for the last. */
const PART = 32;

function read(job: ChunkJob, text: string): void {
  installYamlEnv();
  const claims = new Int32Array(job.claims);
  const encoder = new ChunkEncoder();
  let inPart = 0;
  const send = () => {
    const part = encoder.take();
    parentPort!.postMessage(part, [part.ints.buffer as ArrayBuffer, part.numbers.buffer as ArrayBuffer]);
    inPart = 0;
  };
  for (let i = claims.length - 1; i >= 0; i--) {
    if (Atomics.compareExchange(claims, i, 0, WORKER) !== 0) break;
    const start = job.plan[2 * i];
    const end = job.plan[2 * i + 1];
    // A chunk the CST reader does not vouch for (a syntax problem, say) is left to the main thread's own reading.
    const reading = parseYamlTreeAt(text.slice(start, end), start, true);
    if (!reading) continue;
    encoder.add(start, end, reading.root);
    if (++inPart === PART) send();
  }
  if (inPart) send();
  parentPort!.postMessage('done');
}

/**
 * The job's text, read from its file as the main thread read it; undefined when the file's bytes are not the ones
 * the main thread read (changed since), or cannot be read: then this worker reads nothing.
 */
function textOf(job: ChunkJob): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(job.source.path);
  } catch {
    return undefined;
  }
  if (digestOf(bytes) !== job.source.digest) return undefined;
  const text = decodeLossless(bytes);
  const own = job.source.bom ? text.slice(1) : text;
  return own.length === job.length ? own : undefined;
}

const job = workerData as ChunkJob;
const text = textOf(job);
if (text === undefined) parentPort!.postMessage('done');
else read(job, text);
