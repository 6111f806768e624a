/** Runs the built `cursus-lint` as a user would, in a folder, and returns its exit code and output. */
import { tempDir } from './temp.js';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cliBin } from './paths.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `timeoutMs`: a ceiling only a hang reaches (a run starts Python; a loaded 2-core machine is slow). */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 120_000): CliResult {
  const r = spawnSync(process.execPath, [cliBin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: timeoutMs });
  if (r.signal) return { code: -1, stdout: r.stdout, stderr: `${r.stderr}\n[cursus-lint ${args.join(' ')} was killed by ${r.signal}${r.signal === 'SIGTERM' ? ` after ${timeoutMs / 1000} s` : ''}]` };
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder holding the given files (path -> text). */
export function workspace(files: Record<string, string>): string {
  const root = tempDir('cursus-lsp-test-');
  for (const [rel, text] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return root;
}

/** A pipeline of two steps, `one` reading data/raw into out/one and `two` reading that into out/two (run tests). */
export const TWO_STEP_PIPELINE = [
  'dag:',
  '  nodes: [one, two]',
  '  edges:',
  '    - [one, two]',
  'script_specs:',
  '  one: {script_name: one, step_name: one, input_paths: {data: data/raw}, output_paths: {data: out/one}}',
  '  two: {script_name: two, step_name: two, input_paths: {data: out/one}, output_paths: {data: out/two}}',
  '',
].join('\n');
