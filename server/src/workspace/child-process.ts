/**
 * node:child_process, loaded on first use: a command that starts no process (a fully cached run) does not pay for
 * loading it and what it pulls in (net, dgram).
 */
import { createRequire } from 'node:module';

type ChildProcessModule = typeof import('node:child_process');

let loaded: ChildProcessModule | undefined;

export function childProcess(): ChildProcessModule {
  return (loaded ??= createRequire(import.meta.url)('node:child_process') as ChildProcessModule);
}
