/**
 * A step's outputs are the files its run wrote: the output folders are looked at before the run, and a file
 * counts only when it is new or its content changed since (a folder that already held last week's data does not
 * make a script that writes nothing pass). Symbolic links are not followed: a link is not something the run
 * wrote inside the project.
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isValidOutputFile } from './report.js';

/** Each output's files before the run, by path relative to the output, with what identifies their content. */
export type OutputSnapshot = Record<string, Map<string, string>>;

export function snapshotOutputs(outputs: Record<string, string>): OutputSnapshot {
  const snap: OutputSnapshot = {};
  for (const [name, path] of Object.entries(outputs)) {
    const files = new Map<string, string>();
    walk(path, (rel, st) => files.set(rel, identity(st)));
    snap[name] = files;
  }
  return snap;
}

/** The valid files each output holds that the run wrote (all of them when there is no snapshot). */
export function listOutputs(outputs: Record<string, string>, before?: OutputSnapshot): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, path] of Object.entries(outputs)) {
    const files: string[] = [];
    const old = before?.[name];
    walk(path, (rel, st) => {
      const file = rel || path.split(/[\\/]/).pop()!;
      if (old?.get(rel) === identity(st)) return;
      if (isValidOutputFile(file.split('/').pop() ?? file, st.size)) files.push(file);
    });
    out[name] = files;
  }
  return out;
}

/**
 * Each output's files now, by path relative to the output, with what identifies their content: inode, size and
 * modification time. Not the change time, unlike a snapshot: a downstream step that reads these files as input
 * data of its own makes them read-only while it runs (runner/inputs.ts), which changes that time, not the content.
 */
export function outputStates(outputs: Record<string, string>): Record<string, [string, string][]> {
  const states: Record<string, [string, string][]> = {};
  for (const [name, path] of Object.entries(outputs)) {
    const files: [string, string][] = [];
    walk(path, (rel, st) => files.push([rel, `${st.ino}:${st.size}:${st.mtimeMs}`]));
    states[name] = files;
  }
  return states;
}

function identity(st: Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

function walk(path: string, visit: (rel: string, st: Stats) => void): void {
  const go = (p: string, rel: string, depth: number) => {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      // Hidden and cache folders are not outputs (as Cursus skips them).
      if (rel && /^(__pycache__|\..+)$/.test(rel.split('/').pop() ?? '')) return;
      if (depth > 64) return;
      for (const f of readdirSync(p).sort()) go(join(p, f), rel ? `${rel}/${f}` : f, depth + 1);
    } else if (st.isFile()) {
      visit(rel, st);
    }
  };
  go(path, '', 0);
}
