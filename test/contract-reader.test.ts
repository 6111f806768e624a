/** The static contract reader over each Python syntax a contract is written in; unresolved values are never guessed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readContracts, type ContractInfo } from '../server/src/engine/index.js';

function one(source: string): ContractInfo {
  const { contracts } = readContracts('c.py', source);
  assert.equal(contracts.length, 1, `expected one contract in:\n${source}`);
  return contracts[0];
}

const names = (entries: { name: string }[]) => entries.map((e) => e.name);
const values = (entries: { name: string; value?: unknown }[]) => Object.fromEntries(entries.map((e) => [e.name, e.value]));

const cases: { title: string; source: string; expect: (c: ContractInfo) => void }[] = [
  {
    title: 'literal dicts and lists with comments and trailing commas',
    source: `X = ScriptContract(
    entry_point="train.py",  # the script
    expected_input_paths={
        "input_path": "/opt/ml/input/data",  # training data
        'config': '/opt/ml/input/config',
    },
    required_env_vars=["A", "B",],
    optional_env_vars={"C": "1",},
)`,
    expect: (c) => {
      assert.equal(c.entryPoint?.value, 'train.py');
      assert.deepEqual(values(c.inputs), { input_path: '/opt/ml/input/data', config: '/opt/ml/input/config' });
      assert.deepEqual(names(c.requiredEnv), ['A', 'B']);
      assert.deepEqual(values(c.optionalEnv), { C: '1' });
      assert.deepEqual(c.unresolved, []);
    },
  },
  {
    title: 'dict(...) calls, keyword and positional',
    source: `X = ProcessingScriptContract(entry_point="p.py", expected_output_paths=dict(out="/opt/ml/processing/output", extra="/x"), expected_arguments=dict({"job-type": "training"}, n=3))`,
    expect: (c) => {
      assert.deepEqual(values(c.outputs), { out: '/opt/ml/processing/output', extra: '/x' });
      assert.deepEqual(values(c.args), { 'job-type': 'training', n: 3 });
      assert.equal(c.callee, 'ProcessingScriptContract');
    },
  },
  {
    title: 'implicit string concatenation, raw strings, escapes and triple quotes',
    source: `X = TrainingScriptContract(
    entry_point=("xgboost_"
                 "training.py"),
    expected_input_paths={"a": r"C:\\data", "b": "tab\\there", "c": """/opt/ml/x"""},
    description="Line one "
    'line two',
)`,
    expect: (c) => {
      assert.equal(c.entryPoint?.value, 'xgboost_training.py');
      assert.deepEqual(values(c.inputs), { a: 'C:\\data', b: 'tab\there', c: '/opt/ml/x' });
      assert.equal(c.description, 'Line one line two');
    },
  },
  {
    title: 'an imported name is unresolved, and other fields are still read',
    source: `from .common import COMMON_INPUTS\nX = ScriptContract(entry_point="a.py", expected_input_paths=COMMON_INPUTS, required_env_vars=["L"])`,
    expect: (c) => {
      assert.deepEqual(c.inputs, []);
      assert.deepEqual(c.unresolved.map((u) => u.field), ['expected_input_paths']);
      assert.match(c.unresolved[0].reason, /COMMON_INPUTS/);
      assert.deepEqual(names(c.requiredEnv), ['L']);
    },
  },
  {
    title: 'a comprehension and a ** expansion are unresolved; the literal part is kept',
    source: `X = ScriptContract(entry_point="a.py", expected_output_paths={k: v for k, v in PAIRS}, expected_input_paths={"DATA": "/d", **MORE})`,
    expect: (c) => {
      assert.deepEqual(names(c.inputs), ['DATA']);
      assert.deepEqual(c.unresolved.map((u) => u.field).sort(), ['expected_input_paths', 'expected_output_paths']);
    },
  },
  {
    title: 'an f-string with fields is unresolved; without fields it is a string',
    source: `X = ScriptContract(entry_point=f"{NAME}.py", description=f"plain")`,
    expect: (c) => {
      assert.equal(c.entryPoint, undefined);
      assert.deepEqual(c.unresolved.map((u) => u.field), ['entry_point']);
      assert.equal(c.description, 'plain');
    },
  },
  {
    title: 'a module-qualified subclass call and an annotated assignment',
    source: `X: base.ScriptContract = base.ProcessingScriptContract(entry_point="q.py")`,
    expect: (c) => {
      assert.equal(c.name, 'X');
      assert.equal(c.entryPoint?.value, 'q.py');
    },
  },
  {
    title: 'a ** of keyword arguments makes every field suspect',
    source: `X = ScriptContract(entry_point="a.py", **KWARGS)`,
    expect: (c) => assert.deepEqual(c.unresolved.map((u) => u.field), ['arguments']),
  },
];

for (const c of cases) test(`contract reader: ${c.title}`, () => c.expect(one(c.source)));

test('several contracts per file, non-contract calls and nested assignments ignored, lines 1-based', () => {
  const { contracts } = readContracts('c.py', `import os\nHELPER = make_paths()\nA = ScriptContract(entry_point="a.py")\n\nB = ScriptContract(entry_point="b.py")\nif os.environ.get("X"):\n    C = ScriptContract(entry_point="c.py")\n`);
  assert.deepEqual(contracts.map((c) => [c.name, c.line, c.entryPoint?.value]), [['A', 3, 'a.py'], ['B', 5, 'b.py']]);
});

test('a file with a syntax error yields the contracts before it and reports the error', () => {
  const r = readContracts('c.py', `A = ScriptContract(entry_point="a.py", expected_input_paths={"D": "/d"})\ndef broken(:\n    pass\n`);
  assert.deepEqual(r.contracts.map((c) => c.name), ['A']);
  assert.deepEqual(names(r.contracts[0].inputs), ['D']);
  assert.ok(r.syntaxError);
});

test('garbage never throws', () => {
  for (const src of ['', '(((', 'X = ScriptContract(', 'X = ScriptContract(entry_point=', '\u0000\ufeff', 'X = ScriptContract(**)']) {
    assert.doesNotThrow(() => readContracts('g.py', src));
  }
});
