/** D408: a DAG file's `metadata` or `statistics` (counts, entry and exit points) that disagrees with its nodes and edges. */
import { entry, isMap, isScalar, isSeq, isString, type MapNode } from '../syntax/ast.js';
import { undeclaredEnds } from '../dag/undeclared.js';
import type { Rule } from './rule.js';

/** Where each serialiser writes what: the catalog's `metadata`, Cursus's serializer's `statistics`. */
const FIELDS: { section: 'metadata' | 'statistics'; key: string; what: 'nodes' | 'edges' | 'entry' | 'exit' }[] = [
  { section: 'metadata', key: 'node_count', what: 'nodes' },
  { section: 'metadata', key: 'edge_count', what: 'edges' },
  { section: 'metadata', key: 'entry_points', what: 'entry' },
  { section: 'metadata', key: 'exit_points', what: 'exit' },
  { section: 'statistics', key: 'node_count', what: 'nodes' },
  { section: 'statistics', key: 'edge_count', what: 'edges' },
  { section: 'statistics', key: 'entry_nodes', what: 'entry' },
  { section: 'statistics', key: 'exit_nodes', what: 'exit' },
];

export const dagMetadataMismatch: Rule = {
  meta: {
    code: 'D408',
    name: 'dag-metadata-mismatch',
    severity: 'warning',
    fixable: true,
    reads: ['dag'],
    docs: {
      summary: "A DAG file's `metadata` (node_count, edge_count, entry_points, exit_points) or `statistics` that disagrees with its `dag` nodes and edges.",
      why: "Cursus's pipeline catalog and its agents read these fields to pick and describe pipelines without loading the graph; stale ones describe a pipeline that does not exist. The fix writes the values the edges give. Not reported while an edge names a node the DAG does not declare (D400): the edges are then not what the author meant, and values computed from them would be wrong.",
      bad: 'dag:\n  nodes: [a, b]\n  edges: [[a, b]]\nmetadata:\n  node_count: 3\n  entry_points: [b]\n',
      good: 'dag:\n  nodes: [a, b]\n  edges: [[a, b]]\nmetadata:\n  node_count: 2\n  entry_points: [a]\n',
    },
  },
  check(ctx) {
    const model = ctx.file.model;
    const root = ctx.file.parsed.root;
    if (model.kind !== 'dag-file' || !model.dag || !isMap(root)) return;
    const dag = model.dag;
    const nodes = [...new Set(dag.nodes.map((n) => n.name))];
    const known = new Set(nodes);
    // While an edge names an undeclared node (D400, most often a typo) the edges are not what the author meant:
    // counts and entry/exit points computed from them would be wrong, and --fix would write them.
    if (undeclaredEnds(dag).any) return;
    const edges = new Set(dag.edges.filter((e) => known.has(e.src.name) && known.has(e.dst.name)).map((e) => `${e.src.name}\u0000${e.dst.name}`));
    const hasIn = new Set([...edges].map((k) => k.split('\u0000')[1]));
    const hasOut = new Set([...edges].map((k) => k.split('\u0000')[0]));
    const actual = {
      nodes: nodes.length,
      edges: edges.size,
      entry: nodes.filter((n) => !hasIn.has(n)),
      exit: nodes.filter((n) => !hasOut.has(n)),
    };
    const json = ctx.file.language === 'json';
    for (const f of FIELDS) {
      const section = entry(root, f.section)?.value;
      if (!isMap(section)) continue;
      const value = entry(section as MapNode, f.key)?.value;
      if (!value) continue;
      if (f.what === 'nodes' || f.what === 'edges') {
        if (!isScalar(value) || typeof value.value !== 'number') continue;
        const want = actual[f.what];
        if (value.value === want) continue;
        ctx.report({
          span: value.span,
          message: `${f.section}.${f.key} says ${value.value} but the DAG has ${want} ${f.what === 'nodes' ? 'distinct nodes' : 'distinct edges between declared nodes'}. Update it to ${want}.`,
          fixes: [{ title: `Set ${f.key} to ${want}`, safe: true, edits: [{ span: value.span, newText: String(want) }] }],
        });
        continue;
      }
      if (!isSeq(value) || !value.items.every(isString)) continue;
      const listed = value.items.map((i) => (i as { value: string }).value);
      const want = actual[f.what];
      const missing = want.filter((n) => !listed.includes(n));
      const extra = listed.filter((n) => !want.includes(n));
      if (missing.length === 0 && extra.length === 0) continue;
      const word = f.what === 'entry' ? 'no incoming edge' : 'no outgoing edge';
      const parts = [
        missing.length ? `${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} ${word} but ${missing.length > 1 ? 'are' : 'is'} not listed` : '',
        extra.length ? `${extra.join(', ')} ${extra.length > 1 ? 'are' : 'is'} listed but ${!extra.every((n) => known.has(n)) ? 'not a node of the DAG or ' : ''}${f.what === 'entry' ? 'fed by an edge' : 'feeds an edge'}` : '',
      ].filter(Boolean);
      const q = (s: string) => (json ? JSON.stringify(s) : s);
      ctx.report({
        span: value.span,
        message: `${f.section}.${f.key} disagrees with the edges: ${parts.join('; ')}. It should be [${want.join(', ')}].`,
        fixes: [{ title: `Set ${f.key} to the ${f.what} nodes of the edges`, safe: true, edits: [{ span: value.span, newText: `[${want.map(q).join(', ')}]` }] }],
      });
    }
  },
};
