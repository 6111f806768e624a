/**
 * yaml 2.x's Parser and Composer read `process.env.LOG_TOKENS` (`LOG_STREAM`) once per token, and each read of
 * process.env is a call into the C++ environment (about 0.1 µs): 0.5 s of the 3.4 s that a 40,000-node pipeline
 * took to parse. While the package parses, process.env is a plain object holding just those variables, as they
 * are set, so the package behaves the same; parsing is synchronous, so nothing else sees the stand-in, and the
 * real process.env is back before the parse returns or throws. The CLI and the language server install it at
 * their start (the engine, which must not reach the process, only calls the wrapper: engine/syntax/parse-host.ts).
 */
import { setAroundYamlParse } from '../engine/syntax/parse-host.js';

/** The environment variables the yaml package reads while it parses and composes (to log its tokens). */
const YAML_ENV = ['LOG_TOKENS', 'LOG_STREAM'] as const;

/** Runs `parse` with the stand-in in place of process.env. */
export function withYamlEnv<T>(parse: () => T): T {
  const real = process.env;
  const stand: NodeJS.ProcessEnv = {};
  for (const name of YAML_ENV) {
    const value = real[name];
    if (value !== undefined) stand[name] = value;
  }
  try {
    process.env = stand;
  } catch {
    return parse(); // a process.env that cannot be replaced: the package reads the real one
  }
  try {
    return parse();
  } finally {
    process.env = real;
  }
}

/** Makes every YAML parse of this process (this thread) run with the stand-in. */
export function installYamlEnv(): void {
  setAroundYamlParse(withYamlEnv);
}
