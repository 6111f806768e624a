/**
 * Property: any text, read as any file kind, gives diagnostics whose ranges lie inside the document, and the
 * editor features at any offset never throw. CURSUS_FUZZ=1 runs 50 times as many cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { anyText } from './helpers/arbitraries.js';
import { checkFile, emptyProject, outline, readSpecFile, readStepInterface, viewOf, type FileKind } from '../server/src/engine/index.js';
import { complete } from '../server/src/engine/features/completion.js';
import { hover } from '../server/src/engine/features/hover.js';
import { definition, references } from '../server/src/engine/features/navigation.js';

const RUNS = process.env.CURSUS_FUZZ ? 10_000 : 200;

const KINDS: [FileKind, string][] = [
  ['script-spec', 'x_runtime_test_spec.json'],
  ['script-spec', 'x.spec.yaml'],
  ['pipeline-spec', 'p.pipeline.yaml'],
  ['pipeline-spec', 'p.pipeline.json'],
  ['dag-file', 'd.dag.yaml'],
  ['dag-file', 'd.dag.json'],
  ['runtime-config', 'r.config.yaml'],
  ['enhanced-script-spec', 'e.spec.json'],
];


function inside(text: string, span: { start: number; end: number }, what: string): void {
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: integer offsets`);
  assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: ${span.start}-${span.end} outside 0-${text.length}`);
}

for (const [kind, path] of KINDS) {
  test(`any text read as ${kind} (${path}): findings inside the text, features never throw`, () => {
    const project = viewOf(emptyProject());
    fc.assert(
      fc.property(anyText, fc.nat(), (text, at) => {
        const file = readSpecFile(path, text, kind);
        assert.ok(file);
        for (const d of checkFile(file)) {
          inside(text, d.span, d.code);
          for (const f of d.fixes) for (const e of f.edits) inside(text, e.span, `${d.code} fix`);
          assert.notEqual(d.code, 'E000', d.message);
        }
        const offset = text.length ? at % (text.length + 1) : 0;
        for (const c of complete(file, offset, project)) assert.equal(typeof c.label, 'string');
        hover(file, offset, project, 0.7);
        for (const p of definition(file, offset, project)) assert.ok(p);
        for (const s of references(file, offset, true)) inside(text, s, 'reference');
        for (const s of outline(file)) inside(text, s.span, 'symbol');
      }),
      { numRuns: RUNS },
    );
  });
}

test('any text read as a step interface (.step.yaml) never throws and keeps problem spans inside', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      const iface = readStepInterface('steps/x.step.yaml', text);
      for (const p of iface.problems) inside(text, p.span, 'step interface problem');
    }),
    { numRuns: RUNS },
  );
});
