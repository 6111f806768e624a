/** Hover: the contract entry behind a name, the script and contract behind a spec, how an edge matches. */
import type { AnalysedFile } from '../file.js';
import { matchEdges } from '../matching/edges.js';
import { describeMatch } from '../matching/path-matcher.js';
import { dagOf, pipelineOf } from '../model/build.js';
import type { DagModel } from '../model/types.js';
import { wireDag } from '../dag/wiring.js';
import { describeScore, fmt, type ResolverScore } from '../matching/resolver.js';
import type { ProjectView } from '../project.js';
import { argKey } from '../rules/helpers.js';
import type { Span } from '../span.js';
import { hitAt } from '../syntax/ast.js';
import { specAt } from './spec-at.js';
import { interfaceHover } from './interface.js';
import { describeKeyAt, schemaByKind } from '../schema/schemas.js';
import { rules } from '../rules/index.js';

export interface HoverResult {
  markdown: string;
  span: Span;
}

export function hover(file: AnalysedFile, offset: number, project: ProjectView, threshold: number): HoverResult | undefined {
  const comment = file.parsed.comments.find((c) => offset >= c.span.start && offset <= c.span.end);
  if (comment) return ruleHoverAt(file.text, offset);
  if (file.kind === 'step-interface') return interfaceHover(file, offset, project);
  const hit = hitAt(file.parsed.root, offset);
  if (!hit) return undefined;
  const edge = edgeHover(file, offset, threshold, project);
  if (edge) return edge;
  const path = hit.path.map(String);
  const where = specAt(file.model, hit.onKey ? path.slice(0, -1) : path.slice(0, -1));
  const spec = where.spec;
  const name = String(hit.onKey ? hit.path[hit.path.length - 1] : '');
  const contract = spec?.scriptName ? project.contractFor(spec.scriptName.name) : undefined;
  const rest = where.rest ?? [];
  const loc = (line: number) => (contract ? `\`${contract.name}\` (${contract.file}:${line})` : '');

  if (hit.onKey && spec && rest.length === 1) {
    const section = rest[0];
    if (section === 'input_paths' || section === 'output_paths' || section === 'input_path_specs' || section === 'output_path_specs') {
      const direction = section.startsWith('input') ? 'input' : 'output';
      const entry = contract && (direction === 'input' ? contract.inputs : contract.outputs).find((e) => e.name === name);
      const local = (direction === 'input' ? spec.inputs : spec.outputs).find((p) => p.key.name === name)?.path?.value;
      const exists = local && project.index.exists ? (project.index.exists(local) ? 'exists' : 'not on disk yet') : undefined;
      const lines = [`**${name}**: logical ${direction}${entry ? ` of ${loc(entry.at.line + 1)}` : contract ? ` (not declared by \`${contract.name}\`)` : ''}`];
      if (entry?.value !== undefined) lines.push(`Container path: \`${entry.value}\``);
      if (local) lines.push(`Local path: \`${local}\`${exists ? ` (${exists})` : ''}`);
      if (contract?.description) lines.push(contract.description);
      return { markdown: lines.join('\n\n'), span: hit.node.span };
    }
    if (section === 'environ_vars' && contract) {
      const req = contract.requiredEnv.find((e) => e.name === name);
      const opt = contract.optionalEnv.find((e) => e.name === name);
      const what = req ? `required by ${loc(req.at.line + 1)}` : opt ? `optional in ${loc(opt.at.line + 1)}, default \`${JSON.stringify(opt.value ?? '')}\`` : `not declared by \`${contract.name}\``;
      return { markdown: `**${name}**: env var ${what}`, span: hit.node.span };
    }
    if (section === 'job_args' && contract) {
      const arg = contract.args.find((e) => argKey(e.name) === argKey(name));
      return { markdown: `**${name}**: ${arg ? `argument expected by ${loc(arg.at.line + 1)}, contract value \`${JSON.stringify(arg.value ?? null)}\`${arg.name !== name ? ` (written \`${arg.name}\` there)` : ''}` : `not an expected argument of \`${contract.name}\``}`, span: hit.node.span };
    }
  }
  if (!hit.onKey && spec && rest.length === 0 && hit.entry && String(hit.entry.key.value) === 'script_name') {
    const script = project.scriptNamed(spec.scriptName?.name ?? '');
    const info = script?.read();
    const lines = [`**${spec.scriptName?.name}**: ${script ? `\`${script.path}\`` : 'no script found in the project'}`];
    if (info?.main) lines.push(`\`main(${info.main.params.join(', ')})\` at line ${info.main.at.line + 1}`);
    if (contract) {
      lines.push(`Contract ${loc(contract.line)}`);
      lines.push(`Inputs: ${contract.inputs.map((e) => `\`${e.name}\``).join(', ') || 'none'}  \nOutputs: ${contract.outputs.map((e) => `\`${e.name}\``).join(', ') || 'none'}  \nEnv: ${[...contract.requiredEnv.map((e) => `\`${e.name}\``), ...contract.optionalEnv.map((e) => `\`${e.name}\`?`)].join(', ') || 'none'}`);
    }
    return { markdown: lines.join('\n\n'), span: hit.node.span };
  }
  const dag = dagOf(file.model);
  const node = dag?.nodes.find((n) => offset >= n.span.start && offset <= n.span.end);
  if (!node && hit.onKey) {
    // Every other key: its description from the format's schema (the JSON Schemas say the same).
    const key = describeKeyAt(schemaByKind[file.kind], hit.path);
    if (key?.description) return { markdown: `**${name}**${key.required ? ' (required)' : ''}: ${key.description}`, span: hit.node.span };
  }
  if (node) {
    const spec = pipelineOf(file.model)?.specs.find((s) => s.node.name === node.name)?.spec;
    // An edge end that names no node (a typo, D400) is listed as such, not as a step of the pipeline.
    const declared = (n: string) => (dag!.nodes.some((x) => x.name === n) ? n : `${n} (not a node)`);
    const ins = dag!.edges.filter((e) => e.dst.name === node.name).map((e) => declared(e.src.name));
    const outs = dag!.edges.filter((e) => e.src.name === node.name).map((e) => declared(e.dst.name));
    const lines = [`**${node.name}**${spec?.scriptName ? `: script \`${spec.scriptName.name}\`` : ''}`, `Upstream: ${ins.join(', ') || 'none'}  \nDownstream: ${outs.join(', ') || 'none'}`];
    if (project.hasInterfaces || project.hasScripts) lines.push(...nodeBindings(dag!, node.name, project));
    return { markdown: lines.join('\n\n'), span: node.span };
  }
  return undefined;
}

/** How a node resolves (step type, interface, script) and what feeds each of its dependencies. */
function nodeBindings(dag: DagModel, node: string, project: ProjectView): string[] {
  const wiring = wireDag(dag, project);
  const step = wiring.steps.get(node);
  if (!step) return [];
  const lines = [`${step.how}.${step.scriptless ? ' No local script by design.' : step.script ? ` Script: \`${step.script.path}\`.` : ''}`];
  const consumer = wiring.consumers.get(node);
  if (consumer) {
    const deps = step.contract?.specification?.dependencies ?? [];
    const rows = deps.map((d) => {
      const b = consumer.bindings.find((x) => x.dep === d.name);
      if (b) return `- \`${d.name}\` ← ${b.provider}.\`${b.output}\` ${fmt(b.parts.score)} (${describeScore(b.parts)})`;
      return `- \`${d.name}\`${d.required ? '' : ' (optional)'}: unbound`;
    });
    if (rows.length) lines.push(`Dependencies (Cursus's resolver, threshold > 0.5):\n${rows.join('\n')}`);
  }
  return lines;
}

function edgeHover(file: AnalysedFile, offset: number, threshold: number, project: ProjectView): HoverResult | undefined {
  const pipeline = pipelineOf(file.model);
  const dag = dagOf(file.model);
  const edge = dag?.edges.find((e) => offset >= e.span.start && offset <= e.span.end);
  if (!edge) return undefined;
  const title = `**${edge.src.name} → ${edge.dst.name}**`;
  if (!pipeline) {
    const wired = project.hasInterfaces ? wireDag(dag!, project).edges.find((e) => e.edge === edge) : undefined;
    if (!wired?.scored) return { markdown: title, span: edge.span };
    return { markdown: `${title}\n\n${resolverRows(wired.bindings.map((b) => ({ source: b.output, dest: b.dep, score: b.parts })))}`, span: edge.span };
  }
  const m = matchEdges(pipeline, threshold, undefined, project).find((x) => x.edge === edge);
  if (m?.strategy === 'resolver') return { markdown: `${title}\n\n${resolverRows(m.matches.map((x) => ({ source: x.source, dest: x.dest, score: x.resolver! })))}`, span: edge.span };
  if (!m || !m.source || !m.target) {
    const undeclared = [edge.src.name, edge.dst.name].filter((n) => !dag!.nodes.some((x) => x.name === n));
    const why = undeclared.length ? `${undeclared.map((n) => `'${n}'`).join(' and ')} ${undeclared.length === 1 ? 'is not a node' : 'are not nodes'} of this DAG` : 'One end has no script spec';
    return { markdown: `${title}\n\n${why}, so nothing can be matched.`, span: edge.span };
  }
  if (m.matches.length === 0) {
    const near = m.nearMiss ? `Closest: \`${m.nearMiss.source}\` → \`${m.nearMiss.dest}\` scores ${m.nearMiss.score.toFixed(3)} (threshold ${threshold}).` : '';
    return { markdown: `${title}\n\nNo output matches an input. ${near}`, span: edge.span };
  }
  const rows = m.matches.map((x) => {
    const parts = x.parts ? ` — string ${x.parts.string.toFixed(3)}, token ${x.parts.token.toFixed(3)}, synonym ${x.parts.semantic.toFixed(3)}, substring ${x.parts.substring.toFixed(3)}` : '';
    return `- \`${x.source}\` → \`${x.dest}\`: ${x.type} ${x.confidence.toFixed(3)} (${describeMatch(x)})${parts}`;
  });
  return { markdown: `${title}\n\n${rows.join('\n')}\n\nThreshold ${threshold}.`, span: edge.span };
}

function resolverRows(rows: { source: string; dest: string; score: ResolverScore }[]): string {
  if (rows.length === 0) return "Binds nothing: Cursus's resolver finds no output of the upstream step above 0.5 for a dependency it has left.";
  return `${rows.map((r) => `- \`${r.source}\` → \`${r.dest}\`: ${fmt(r.score.score)} (${describeScore(r.score)})`).join('\n')}\n\nCursus's dependency resolver, threshold > 0.5.`;
}

/**
 * A rule code, code prefix or rule name under the cursor (in a suppression comment, or a configuration file's
 * `rules`): what the rule finds, its default severity and whether it has a fix.
 */
export function ruleHoverAt(text: string, offset: number): HoverResult | undefined {
  let start = offset;
  let end = offset;
  const word = /[A-Za-z0-9-]/;
  while (start > 0 && word.test(text[start - 1])) start--;
  while (end < text.length && word.test(text[end])) end++;
  const token = text.slice(start, end);
  if (!token) return undefined;
  const exact = rules.find((r) => r.meta.code === token.toUpperCase() || r.meta.name === token);
  const line = (r: (typeof rules)[number]) => `**${r.meta.code} ${r.meta.name}** (${r.meta.severity}${r.meta.fixable ? ', fixable' : ''}): ${r.meta.docs.summary}`;
  if (exact) return { markdown: `${line(exact)}\n\n${exact.meta.docs.why}`, span: { start, end } };
  if (!/^[A-Za-z]\d{0,2}$/.test(token)) return undefined;
  const family = rules.filter((r) => r.meta.code.startsWith(token.toUpperCase()));
  if (family.length === 0) return undefined;
  return { markdown: `**${token.toUpperCase()}**: ${family.length} rule${family.length === 1 ? '' : 's'}\n\n${family.map((r) => `- ${line(r)}`).join('\n')}`, span: { start, end } };
}
