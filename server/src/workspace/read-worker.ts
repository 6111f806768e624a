/**
 * The body of the read-ahead worker thread (see read-ahead.ts): stats, reads and parses the project's contract
 * files and scripts with @lezer/python off the language server's main thread, and posts the readings back in
 * parts. Each reading carries the modification time and size stat'ed before its text was read, so the index
 * takes it only while the file still has them.
 *
 * A worker started without a job (the server's start, before it knows its project) warms up while it waits:
 * it reads made-up contracts and scripts, one per turn of its event loop so that the job is taken as soon as
 * it comes, until the JIT has compiled the reader (about WARM_UP_READS files) or the job arrives.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync, statSync, writeSync } from 'node:fs';
import { mightDefineContract, readContracts } from '../engine/contracts/python.js';
import { readScript } from '../engine/python/scripts.js';
import type { ReadAheadJob, ReaderData, Reading } from './read-ahead.js';

/** Readings per message: the main thread takes each part between its own tasks. */
const PART = 200;
/**
 * Made-up files read while waiting for the job: a fresh isolate reads its first contract about twenty times
 * slower than its hundredth (measured: 3.5 ms, then 1.7 ms up to the fiftieth, 0.2 ms from the hundredth on).
 */
const WARM_UP_READS = 120;
/**
 * A worker given no job ends after this long (a client that never sent `initialized`, say).
 * CURSUS_READER_IDLE_MS (a whole number of milliseconds) sets another delay, for the test that shows it ends;
 * read only here.
 */
const IDLE_END_MS = /^\d+$/.test(process.env.CURSUS_READER_IDLE_MS ?? '') ? Number(process.env.CURSUS_READER_IDLE_MS) : 30_000;

/**
 * CURSUS_LSP_TRACE=1: the worker's stages on the process's standard error, as the server's (lsp/trace.ts) but
 * written at once (the worker's own stderr stream is read by the main thread, which may be busy).
 */
function trace(stage: string): void {
  if (process.env.CURSUS_LSP_TRACE) writeSync(2, `cursus-lsp-trace ${stage} 0 ${process.hrtime.bigint() / 1000n}\n`);
}

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

function read(job: ReadAheadJob): void {
  trace('reader_job');
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
  trace('reader_read');
}

/** Made-up Python of the shapes the readers meet: contracts (literal dicts, `dict(...)`, a name) and a script. */
const WARM_UP_FILES: { kind: 'contract' | 'script'; text: string }[] = [
  { kind: 'contract', text: '"""Made up."""\nfrom ..base import ProcessingScriptContract\n\nC = ProcessingScriptContract(\n    entry_point="x.py",\n    expected_input_paths={\n        "data": "/opt/ml/processing/input/data",  # upstream\n        "extra": "/opt/ml/processing/input/extra",\n    },\n    expected_output_paths={"data": "/opt/ml/processing/output"},\n    required_env_vars=["A", "B"],\n    optional_env_vars={"SEED": "7"},\n    expected_arguments={"job-type": "training"},\n    description="made "\n    "up",\n)\n' },
  { kind: 'script', text: 'import os\nimport argparse\nfrom .helpers import load\n\n\ndef main(input_paths, output_paths, environ_vars, job_args):\n    p = argparse.ArgumentParser()\n    p.add_argument("--job-type", default="training")\n    for name in ("a", "b"):\n        load(input_paths["data"], name)\n    return input_paths.get("extra"), output_paths["data"], environ_vars["A"], os.environ.get("SEED")\n\n\nif __name__ == "__main__":\n    main({}, {}, {}, None)\n' },
  { kind: 'contract', text: 'from ..base import ScriptContract\nfrom .common import INPUTS\n\nC = ScriptContract(\n    entry_point="x.py",\n    expected_input_paths=dict(data="/opt/ml/input/data", other="/opt/ml/input/config"),\n    expected_output_paths=INPUTS,\n    required_env_vars=["A"],\n)\n' },
];

trace('reader_loaded');
const data = workerData as ReaderData;
if (data.job) read(data.job);
else {
  let warmed = 0;
  let taken = false;
  const warmUp = () => {
    if (taken) return;
    if (warmed >= WARM_UP_READS) return trace('reader_warm');
    const file = WARM_UP_FILES[warmed++ % WARM_UP_FILES.length];
    try {
      if (file.kind === 'contract') readContracts('warm_up_contract.py', file.text);
      else readScript(file.text);
    } catch {
      // A reader's failure on made-up text only costs the warm-up.
    }
    setImmediate(warmUp);
  };
  const take = (job: ReadAheadJob) => {
    taken = true;
    parentPort!.off('message', take);
    read(job);
    // Nothing left to wait for: the worker ends once its readings are sent.
    parentPort!.unref();
  };
  parentPort!.on('message', take);
  setImmediate(warmUp);
  setTimeout(() => {
    if (!taken) process.exit(0);
  }, IDLE_END_MS).unref();
}
