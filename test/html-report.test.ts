/** The HTML run report, checked by parsing it: Cursus's 10-node xgboost_complete_e2e DAG run for real, every edge drawn with a visible label. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { runCli, workspace } from './helpers/cli.js';
import { referenceDagDirs } from './helpers/paths.js';

const step = `import os, sys

def main(input_paths, output_paths, environ_vars, job_args):
    seen = sorted(f for p in input_paths.values() for f in os.listdir(p))
    print("read", len(seen), "file(s) from", len(input_paths), "input(s)")
    if environ_vars.get("FAIL") == "1":
        print("about to fail", file=sys.stderr)
        raise RuntimeError("calibration diverged")
    for name, path in output_paths.items():
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, name + ".csv"), "w") as f:
            f.write("x" * (1000 + len(seen)))
`;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const num = (e: Element, k: string) => Number(e.attribs[k]);
const box = (r: Element): Box => ({ x: num(r, 'x'), y: num(r, 'y'), w: num(r, 'width'), h: num(r, 'height') });

function xgboostProject(fail: boolean) {
  const dag = JSON.parse(readFileSync(join(referenceDagDirs[0], 'xgboost_complete_e2e.dag.json'), 'utf8')) as { dag: { nodes: string[]; edges: [string, string][] } };
  const { nodes, edges } = dag.dag;
  const specs = nodes.map((n) => {
    const ups = edges.filter(([, d]) => d === n).map(([s]) => s);
    const inputs = ups.length ? ups.map((u) => `${u.toLowerCase()}_out: out/${u}`).join(', ') : 'raw: data/raw';
    const env = fail && n === 'ModelCalibration_calibration' ? '\n    environ_vars: {FAIL: "1"}' : '';
    return `  ${n}:\n    script_name: step\n    step_name: ${n}\n    input_paths: {${inputs}}\n    output_paths: {${n.toLowerCase()}_out: out/${n}}${env}\n`;
  });
  const root = workspace({
    'pyproject.toml': '[project]\nname = "x"\n',
    'scripts/step.py': step,
    'data/raw/a.csv': 'a\n1\n',
    'p.pipeline.yaml': `dag:\n  nodes: [${nodes.join(', ')}]\n  edges:\n${edges.map(([s, d]) => `    - [${s}, ${d}]`).join('\n')}\nscript_specs:\n${specs.join('')}`,
  });
  return { root, nodes, edges };
}

test('html report of a 10-node DAG: every edge has a path from its source box to its target box and a label that overlaps no node and no other label', () => {
  const { root, nodes, edges } = xgboostProject(true);
  const r = runCli(['run', 'p.pipeline.yaml', '--python', 'python3', '--format', 'html', '--out', 'report.html'], root);
  assert.equal(r.code, 1, r.stderr);
  const html = readFileSync(join(root, 'report.html'), 'utf8');
  assert.doesNotMatch(html, /<script|<link|<img|@import|url\(http|src="http/i, 'one self-contained file');
  const doc = parseDocument(html, { xmlMode: false });
  const svg = DomUtils.findOne((e) => e.name === 'svg', doc.children)!;
  assert.ok(svg, 'an svg');
  const canvas = { x: 0, y: 0, w: num(svg, 'width'), h: num(svg, 'height') };

  const nodeGroups = DomUtils.findAll((e) => e.name === 'g' && e.attribs.class === 'node', doc.children);
  assert.deepEqual(nodeGroups.map((g) => g.attribs['data-node']).sort(), [...nodes].sort());
  const nodeBox = new Map(nodeGroups.map((g) => [g.attribs['data-node'], box(DomUtils.findOne((e) => e.name === 'rect', g.children)!)]));
  for (const [n, b] of nodeBox) {
    assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.w <= canvas.w && b.y + b.h <= canvas.h, `${n} inside the drawing`);
    for (const [m, c] of nodeBox) if (n < m) assert.ok(!overlap(b, c), `${n} and ${m} do not overlap`);
  }

  const edgeGroups = DomUtils.findAll((e) => e.name === 'g' && e.attribs.class === 'edge', doc.children);
  assert.equal(edgeGroups.length, edges.length);
  const labelBoxes: [string, Box][] = [];
  for (const [s, d] of edges) {
    const g = edgeGroups.find((x) => x.attribs['data-edge'] === `${s}->${d}`);
    assert.ok(g, `edge ${s}->${d} drawn`);
    const path = DomUtils.findOne((e) => e.name === 'path', g.children)!;
    const points = [...path.attribs.d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
    assert.ok(points.length >= 2, `${s}->${d} has a path`);
    const near = (p: { x: number; y: number }, b: Box) => p.x >= b.x - 2 && p.x <= b.x + b.w + 2 && p.y >= b.y - 2 && p.y <= b.y + b.h + 2;
    assert.ok(near(points[0], nodeBox.get(s)!), `${s}->${d} starts at ${s}`);
    assert.ok(near(points[points.length - 1], nodeBox.get(d)!), `${s}->${d} ends at ${d}`);
    const label = DomUtils.findOne((e) => e.name === 'g' && e.attribs.class === 'edge-label', g.children)!;
    const text = DomUtils.findAll((e) => e.name === 'text', label.children).map((t) => DomUtils.textContent(t)).join(' ');
    assert.equal(text, `${s.toLowerCase()}_out`, `${s}->${d} is labelled with the name it matched`);
    const lb = box(DomUtils.findOne((e) => e.name === 'rect', label.children)!);
    assert.ok(lb.w >= text.length * 5 && lb.h >= 10, `${s}->${d} label is big enough to read`);
    assert.ok(lb.x >= 0 && lb.y >= 0 && lb.x + lb.w <= canvas.w && lb.y + lb.h <= canvas.h, `${s}->${d} label inside the drawing`);
    for (const [n, b] of nodeBox) assert.ok(!overlap(lb, b), `${s}->${d} label does not cover node ${n}`);
    for (const [other, ob] of labelBoxes) assert.ok(!overlap(lb, ob), `${s}->${d} label does not cover the label of ${other}`);
    labelBoxes.push([`${s}->${d}`, lb]);
  }

  // Each node shows its status and time, the files it wrote with sizes, and its last output line.
  const texts = (n: string) => DomUtils.findAll((e) => e.name === 'text', nodeGroups.find((g) => g.attribs['data-node'] === n)!.children).map((t) => DomUtils.textContent(t));
  assert.match(texts('XGBoostTraining')[1], /^passed · \d+\.\d\ds$/);
  assert.ok(texts('XGBoostTraining').includes('xgboosttraining_out.csv · 1001 B'), texts('XGBoostTraining').join(' | '));
  assert.ok(texts('XGBoostTraining').some((t) => t.startsWith('› read 1 file(s) from 1 input(s)')));
  assert.match(texts('ModelCalibration_calibration')[1], /^failed · /);
  assert.match(texts('Registration')[1], /^skipped · /);
  const card = DomUtils.findOne((e) => e.attribs.id === 'node-ModelCalibration_calibration', doc.children)!;
  const cardText = DomUtils.textContent(card);
  assert.match(cardText, /RuntimeError: calibration diverged/);
  assert.match(cardText, /scripts\/step\.py:8 in main/);
  assert.match(cardText, /about to fail/);
  assert.doesNotMatch(cardText, /cursus_harness|importlib/);
  const trainCard = DomUtils.textContent(DomUtils.findOne((e) => e.attribs.id === 'node-XGBoostTraining', doc.children)!);
  assert.match(trainCard, /xgboosttraining_out\.csv1001 B/);
});
