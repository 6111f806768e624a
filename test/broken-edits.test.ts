/**
 * An open document left broken by an edit (a syntax error a small edit repairs) is checked reusing what earlier
 * analyses found for the specs away from the error (repaired.ts): what it shows must be exactly what a check
 * from scratch gives (the CLI's reading), after every edit of long random sequences of breaking, typing on while
 * broken, fixing and breaking elsewhere. Also: a spec whose text stays while an anchor it uses through an alias
 * changes is checked again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisCache, checkFile, readSpecFile, type AnalysedFile, type Diagnostic, type ProjectIndex } from '../server/src/engine/index.js';
import type { YNode } from '../server/src/engine/syntax/ast.js';
import { reuseOf } from '../server/src/engine/repaired.js';
import { loadConfig } from '../server/src/workspace/config.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { pipelineSpec } from '../bench/generate.js';
import { workspace } from './helpers/cli.js';

const NODES = 24;

/** Contracts for two nodes in three (with env vars and arguments the specs get partly wrong), none for the rest. */
function project(): string {
  const files: Record<string, string> = { 'pyproject.toml': '[project]\nname = "broken-edits"\n', 'test/integration/runtime/meta/part.csv': 'a\n' };
  for (let i = 0; i < NODES; i++) {
    if (i % 3 === 1) continue;
    const env = i % 3 === 0 ? '["LABEL_FIELD", "TRAIN_RATIO"]' : '["LABEL_FIELD", "SEED"]';
    files[`src/steps/contracts/step_${i}_contract.py`] = `from base import ProcessingScriptContract\nSTEP_${i}_CONTRACT = ProcessingScriptContract(\n    entry_point="step_${i}.py",\n    expected_input_paths={"processed_data": "/opt/ml/processing/input/data"},\n    expected_output_paths={"processed_data": "/opt/ml/processing/output"},\n    required_env_vars=${env},\n    optional_env_vars={},\n    expected_arguments={"job-type": "training"},\n)\n`;
    files[`src/steps/scripts/step_${i}.py`] = `def main(input_paths, output_paths, environ_vars, job_args):\n    return environ_vars["LABEL_FIELD"]\n`;
  }
  return workspace(files);
}

/** A deterministic pseudo-random sequence (a failure names its seed and step). */
function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
}

const lineStarts = (text: string) => {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
};

/** A keystroke (or paste) of a kind that breaks YAML, somewhere in `text`; and where it was made. */
function breaking(text: string, r: (n: number) => number): { text: string; at: number } {
  const starts = lineStarts(text);
  const line = starts[1 + r(starts.length - 1)];
  let end = text.indexOf('\n', line);
  if (end < 0) end = text.length;
  const at = line + r(Math.max(1, end - line));
  switch (r(6)) {
    case 5: {
      // An opening quote or bracket typed before a value of an env var or job argument (left open).
      const values = [...text.matchAll(/(?:LABEL_FIELD|TRAIN_RATIO|job_type): /g)].map((m) => m.index + m[0].length);
      const value = values[r(values.length)];
      const open = ['"', "'", '[', '{'][r(4)];
      return { text: text.slice(0, value) + open + text.slice(value), at: value + 1 };
    }
    case 0: // delete a character
      return { text: text.slice(0, at) + text.slice(at + 1), at };
    case 1: // a character at column 0
      return { text: `${text.slice(0, line)}x${text.slice(line)}`, at: line + 1 };
    case 2: // one space less of indentation
      return { text: text[line] === ' ' ? text.slice(0, line) + text.slice(line + 1) : text, at: line };
    default: {
      const insert = ['"', "'", '[', '{', ']', 'x', '\t', ': :', '- ', '#'][r(10)];
      return { text: text.slice(0, at) + insert + text.slice(at), at: at + insert.length };
    }
  }
}

/** Typing a character at the end of a line (a value typed into elsewhere while the file is broken), an env value half the time. */
function typeOn(text: string, r: (n: number) => number): string {
  const starts = lineStarts(text);
  const values = r(2) ? [...text.matchAll(/^ +LABEL_FIELD: /gm)].map((m) => m.index) : [];
  let end = text.indexOf('\n', values.length ? values[r(values.length)] : starts[1 + r(starts.length - 1)]);
  if (end < 0) end = text.length;
  return `${text.slice(0, end)}${'ab_9'[r(4)]}${text.slice(end)}`;
}

/**
 * The states an editing session goes through: a clean text broken by a keystroke, then typed on while broken
 * (at the fault, or elsewhere), now and then a second fault, then put right (back to the last clean text).
 */
function* session(clean: string, r: (n: number) => number, steps: number): Generator<string> {
  let text = clean;
  let at = 0;
  let broken = 0;
  for (let step = 0; step < steps; step++) {
    const choice = r(10);
    if (broken === 0 || choice === 0) ({ text, at } = breaking(text, r));
    else if (broken >= 6 || choice === 1) text = clean;
    else if (choice < 5) {
      // Typing on where the fault was made (the value it broke).
      const c = 'ab_9'[r(4)];
      text = text.slice(0, at) + c + text.slice(at);
      at++;
    } else text = typeOn(text, r);
    broken = text === clean ? 0 : broken + 1;
    yield text;
  }
}

/**
 * A repaired reading places its nodes on the text as written: away from the places repaired (their lines), every
 * plain key is where the text has it. (What reuses findings by a spec's place relies on it.)
 */
function keysWhereWritten(file: AnalysedFile): void {
  const repaired = file.parsed.repaired;
  if (!repaired) return;
  const lineOf = (at: number) => file.lines.position(at).line;
  const lines = new Set(repaired.flatMap((r) => [lineOf(r.start), lineOf(r.end)]));
  const walk = (n: YNode | null) => {
    if (!n || n.kind === 'scalar') return;
    if (n.kind === 'seq') n.items.forEach(walk);
    else
      for (const e of n.entries) {
        const k = e.key;
        if (!k.quoted && typeof k.value === 'string' && !lines.has(lineOf(k.span.start))) assert.equal(file.text.slice(k.span.start, k.span.end), k.value, `key '${k.value}' at ${k.span.start} (repaired at ${JSON.stringify(repaired)})`);
        walk(e.value);
      }
  };
  walk(file.parsed.root);
}

const show = (list: Diagnostic[]) => list.map((d) => JSON.stringify([d.code, d.span, d.message, d.severity, d.fixes, d.related ?? null]));

test('a big spec left broken by random edits: every keystroke\'s findings equal a check from scratch, and the specs away from the error are reused', () => {
  const root = project();
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  const clean = pipelineSpec(NODES);
  let reusedBroken = 0;
  let brokenStates = 0;
  for (const seed of [3, 8]) {
    const r = rng(seed);
    const cache = new AnalysisCache();
    const check = (text: string) => {
      const file = readSpecFile('p.pipeline.yaml', text, undefined, cache)!;
      keysWhereWritten(file);
      const hits = cache.hits;
      const found = checkFile(file, {}, index, cache);
      if (file.parsed.problems.length && reuseOf(file)) {
        if (cache.hits > hits) reusedBroken++;
      }
      return found;
    };
    check(clean);
    for (const [step, text] of [...session(clean, r, 40)].entries()) {
      const found = check(text);
      const fresh = checkFile(readSpecFile('p.pipeline.yaml', text)!, {}, index);
      assert.deepEqual(show(found), show(fresh), `seed ${seed}, step ${step}: the editor's findings differ from a check from scratch of:\n${text}`);
      if (fresh.some((d) => d.code === 'S100')) brokenStates++;
    }
  }
  // The sequences went through broken states, and the reuse on repaired text was taken (else this test proves nothing).
  assert.ok(brokenStates >= 40 && reusedBroken >= 12, `${brokenStates} broken states, ${reusedBroken} repaired ones reusing kept findings`);
});

test('the keystroke that breaks a big spec reuses the other specs\' findings; the spec it breaks is computed afresh (and not kept by its text)', () => {
  const root = project();
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  const clean = pipelineSpec(NODES);
  const fresh = (text: string) => checkFile(readSpecFile('p.pipeline.yaml', text)!, {}, index);
  // An unclosed quote typed before a value of the middle spec, the value typed on, closed, opened again, then
  // another spec typed into. In an env value, the DAG and matching rules read nothing the repair touched: their
  // findings move with each edit. In an input path, which they read, they are computed again.
  for (const [key, value, shapeMoves] of [['LABEL_FIELD: ', 'label', true], ['processed_data: ', 'test/integration/runtime/step_11/output', false]] as const) {
    const cache = new AnalysisCache();
    const check = (text: string) => checkFile(readSpecFile('p.pipeline.yaml', text, undefined, cache)!, {}, index, cache);
    check(clean);
    const at = clean.indexOf(key, clean.indexOf('  Step12_training:\n')) + key.length;
    assert.ok(clean.startsWith(value, at));
    const steps = ['"', '"t', '"te', '"te"', '"te', '"'].map((s) => `${clean.slice(0, at)}${s}${clean.slice(at + value.length)}`);
    // Then, still broken, a character typed into another spec's env value.
    const elsewhere = steps[5].indexOf('LABEL_FIELD: label', steps[5].indexOf('  Step3_training:\n')) + 'LABEL_FIELD: label'.length;
    steps.push(`${steps[5].slice(0, elsewhere)}x${steps[5].slice(elsewhere)}`);
    for (const [i, text] of steps.entries()) {
      const hits = cache.hits;
      const misses = cache.misses;
      const moved = cache.shapeReuses;
      const found = check(text);
      assert.deepEqual(show(found), show(fresh(text)), `${key}step ${i}`);
      const broken = found.some((d) => d.code === 'S100');
      assert.equal(broken, i !== 3, `${key}step ${i}: the quote is ${i === 3 ? 'closed' : 'open'}`);
      if (!broken) continue;
      assert.match(found.find((d) => d.code === 'S100')!.message, /never closed/);
      // The other specs' findings and schema issues were found, not computed; the broken spec's were computed
      // and not kept by its text (its tree is the repair's guess); the one typed into last is kept by its text.
      const typedInto = i === 6 ? 1 : 0;
      assert.ok(cache.hits - hits >= 2 * (NODES - 1 - typedInto), `${key}step ${i}: ${cache.hits - hits} reused`);
      assert.equal(cache.misses - misses, 2 * typedInto, `${key}step ${i}: computed and kept by text`);
      assert.equal(cache.shapeReuses > moved, shapeMoves, `${key}step ${i}: the DAG and matching findings ${shapeMoves ? 'moved' : 'computed again'}`);
    }
  }
});

test('an alias brings in a value written elsewhere: a spec whose own text is unchanged is checked again when its anchor changes', () => {
  const root = project();
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  // Step0's env vars anchored, and used by Step3 (whose contract requires LABEL_FIELD and TRAIN_RATIO).
  const env = '    environ_vars:\n      LABEL_FIELD: label\n      TRAIN_RATIO: "0.7"\n';
  const parts = pipelineSpec(6).split(env);
  assert.equal(parts.length, 7);
  const clean = parts.map((p, i) => (i === 0 ? p : i === 1 ? `${env.replace('environ_vars:', 'environ_vars: &env')}${p}` : i === 4 ? `    environ_vars: *env\n${p}` : `${env}${p}`)).join('');
  const cache = new AnalysisCache();
  const check = (text: string) => checkFile(readSpecFile('p.pipeline.yaml', text, undefined, cache)!, {}, index, cache);
  const fresh = (text: string) => checkFile(readSpecFile('p.pipeline.yaml', text)!, {}, index);
  const step3 = (found: Diagnostic[], text: string) => found.filter((d) => d.span.start > text.indexOf('  Step3_training:') && d.span.start < text.indexOf('  Step4_training:')).map((d) => d.code);
  assert.deepEqual(show(check(clean)), show(fresh(clean)));
  assert.ok(!step3(fresh(clean), clean).includes('C206'), 'Step3 gets every env var its contract requires, through the alias');
  // The anchored env vars (Step0's) lose TRAIN_RATIO: Step3 misses it too, its own text unchanged.
  const edited = clean.replace('&env\n      LABEL_FIELD: label\n      TRAIN_RATIO: "0.7"\n', '&env\n      LABEL_FIELD: label\n');
  assert.notEqual(edited, clean);
  const found = check(edited);
  assert.deepEqual(show(found), show(fresh(edited)));
  assert.ok(step3(found, edited).includes('C206'), `the anchor's change shows in the spec that uses it: ${step3(found, edited).join(' ')}`);
});
