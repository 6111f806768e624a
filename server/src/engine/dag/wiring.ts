/**
 * A DAG resolved and wired as Cursus 2.9 compiles it: each node to its step (node name -> step type -> step
 * interface with the job type's variant -> script; or, for Python contracts, DESIGN section 4's name -> script),
 * then each consumer's dependencies bound to its direct predecessors' outputs by the dependency resolver.
 * Resolution is a strategy chosen by what the node resolves to, never a dialect switch in the rules.
 */
import type { ContractInfo, SpecDependency } from '../contracts/model.js';
import { dependenciesNeedingProvider } from '../contracts/model.js';
import { interfaceStem } from '../contracts/naming.js';
import type { DagEdge, DagModel, NameRef } from '../model/types.js';
import type { ProjectView, ScriptFile } from '../project.js';
import { resolveConsumer, RESOLVER_THRESHOLD, resolverScore, type Binding, type Candidate, type ConsumerResolution, type Provider, type ResolverScore } from '../matching/resolver.js';
import { scriptNameForNode } from './node-script.js';
import { undeclaredEnds } from './undeclared.js';
import { BUILTIN_STEP_TYPES, describeStepName, StepRegistry, type StepNameResolution } from './step-names.js';

export interface NodeStep {
  node: string;
  /** Which resolution found the step: a step interface (2.9), a Python contract / script name (2025), or nothing. */
  strategy: 'step-interface' | 'script-name';
  /** 2.9: the step type and job type the name resolves to. */
  step?: StepNameResolution;
  /** The interface file (2.9) or the contract file (2025). */
  contract?: ContractInfo;
  /** 2.9: several interface files fit the step type (Cursus raises "Ambiguous"). */
  ambiguous?: string[];
  /** No local script by design (null entry point, or delegated to the SAIS SDK). */
  scriptless: boolean;
  script?: ScriptFile;
  /** The script name looked for (`xgboost_training`). */
  scriptName?: string;
  /** How the name was resolved, as a sentence fragment for messages and hovers. */
  how: string;
}

export interface ConsumerWiring extends ConsumerResolution {
  node: string;
  /** Required dependencies (not fed by configuration or skipped) that no predecessor output binds. */
  unbound: SpecDependency[];
  /** Direct predecessors whose outputs are unknown: no specification (no interface found), or not a declared node (D400). */
  unknownPredecessors: string[];
}

export interface EdgeWiring {
  edge: DagEdge;
  bindings: Binding[];
  /** Both ends resolved to steps with specifications, so the resolver had something to score. */
  scored: boolean;
}

export interface DagWiring {
  registry: StepRegistry;
  steps: Map<string, NodeStep>;
  consumers: Map<string, ConsumerWiring>;
  edges: EdgeWiring[];
  /** The first place each node is named (its `nodes` entry, else its first edge). */
  declared: Map<string, NameRef>;
}

/** The registry Cursus would build from this project: every interface's step type plus the built-in rows. */
export function registryOf(project: ProjectView): StepRegistry {
  let r = registries.get(project);
  if (!r) registries.set(project, (r = new StepRegistry([...project.stepTypes(), ...BUILTIN_STEP_TYPES])));
  return r;
}

const registries = new WeakMap<ProjectView, StepRegistry>();

/** Node -> step. Step interfaces first (when the project has any and the name resolves to one), then script names. */
export function resolveNodeStep(node: string, project: ProjectView, registry: StepRegistry = registryOf(project)): NodeStep {
  if (project.hasInterfaces) {
    const step = registry.resolve(node);
    if (step && !(BUILTIN_STEP_TYPES as readonly string[]).includes(step.stepType)) {
      const found = project.interfaceLookup(step.stepType);
      const how = describeStepName(node, step);
      if (found.ambiguous) return { node, strategy: 'step-interface', step, ambiguous: found.ambiguous.map((i) => i.file), scriptless: false, how };
      const contract = found.found ? project.stepContract(step.stepType, step.jobType) : undefined;
      if (contract) {
        const variant = step.jobType && contract.jobType === step.jobType ? ` (its '${step.jobType}' variant)` : '';
        const withFile = `${how}, interface ${contract.file}${variant}`;
        const entry = contract.entryPoint?.value.replace(/\\/g, '/').replace(/^.*\//, '').replace(/\.py$/, '');
        const stem = interfaceStem(step.stepType);
        if (contract.scriptless) return { node, strategy: 'step-interface', step, contract, scriptless: true, scriptName: stem, how: withFile };
        const scriptName = entry || undefined;
        // The entry point's script; else the one named like the interface (author.check_script's stem).
        const script = (scriptName ? project.scriptNamed(scriptName) : undefined) ?? (stem !== scriptName ? project.scriptNamed(stem) : undefined);
        return { node, strategy: 'step-interface', step, contract, scriptless: false, script, scriptName, how: withFile };
      }
    }
  }
  const scriptName = scriptNameForNode(node);
  const script = project.scriptNamed(scriptName);
  const contract = project.contractFor(scriptName);
  return {
    node,
    strategy: 'script-name',
    contract,
    scriptless: false,
    script,
    scriptName,
    how: `'${node}' gives script name '${scriptName}' (job-type suffix stripped, PascalCase to snake_case)`,
  };
}

const cache = new WeakMap<DagModel, { version: number; view: ProjectView; wiring: DagWiring }>();

/** The wiring of a DAG against the project, computed once per DAG model and project version. */
export function wireDag(dag: DagModel, project: ProjectView): DagWiring {
  const hit = cache.get(dag);
  if (hit && hit.view === project && hit.version === project.index.version) return hit.wiring;
  const wiring = computeWiring(dag, project);
  cache.set(dag, { version: project.index.version, view: project, wiring });
  return wiring;
}

function computeWiring(dag: DagModel, project: ProjectView): DagWiring {
  const registry = registryOf(project);
  const declared = new Map<string, NameRef>();
  for (const n of dag.nodes) if (!declared.has(n.name)) declared.set(n.name, n);
  for (const e of dag.edges) for (const end of [e.src, e.dst]) if (!declared.has(end.name)) declared.set(end.name, end);
  const steps = new Map<string, NodeStep>();
  for (const name of declared.keys()) steps.set(name, resolveNodeStep(name, project, registry));
  const known = new Set(dag.nodes.map((n) => n.name));
  const consumers = new Map<string, ConsumerWiring>();
  const seenEdges = new Set<string>();
  const incoming = new Map<string, Provider[]>();
  const unknown = new Map<string, string[]>(undeclaredEnds(dag).fed);
  for (const e of dag.edges) {
    const key = `${e.src.name}\u0000${e.dst.name}`;
    if (seenEdges.has(key) || !known.has(e.src.name) || !known.has(e.dst.name) || e.src.name === e.dst.name) continue;
    seenEdges.add(key);
    const src = steps.get(e.src.name)?.contract;
    if (!src?.specification || !src.stepType) {
      unknown.set(e.dst.name, [...(unknown.get(e.dst.name) ?? []), e.src.name]);
      continue;
    }
    const list = incoming.get(e.dst.name) ?? [];
    list.push({ node: e.src.name, stepType: src.stepType, outputs: src.specification.outputs, edgeIndex: e.index });
    incoming.set(e.dst.name, list);
  }
  for (const name of known) {
    const c = steps.get(name)?.contract;
    if (!c?.specification) continue;
    const r = resolveConsumer(c.specification.dependencies, incoming.get(name) ?? []);
    const bound = new Set(r.bindings.map((b) => b.dep));
    consumers.set(name, { node: name, ...r, unbound: dependenciesNeedingProvider(c).filter((d) => !bound.has(d.name)), unknownPredecessors: unknown.get(name) ?? [] });
  }
  const edges = dag.edges.map((edge): EdgeWiring => {
    const src = steps.get(edge.src.name)?.contract;
    const consumer = consumers.get(edge.dst.name);
    const bindings = consumer ? consumer.bindings.filter((b) => b.provider === edge.src.name) : [];
    return { edge, bindings, scored: Boolean(src?.specification && consumer && known.has(edge.src.name)) };
  });
  return { registry, steps, consumers, edges, declared };
}

/** The best candidate of one dependency among the direct predecessors (bound or not). */
export function bestCandidate(consumer: ConsumerWiring, dep: string): Candidate | undefined {
  return consumer.scored.find((c) => c.dep === dep);
}

/**
 * Outputs of nodes that are not direct predecessors which would feed `dep` (score above 0.5): under the compiler's
 * rule they do not count, so the fix is an edge from one of them.
 */
export function providersElsewhere(wiring: DagWiring, consumer: string, dep: SpecDependency): { node: string; output: string; parts: ResolverScore }[] {
  const preds = new Set(wiring.edges.filter((e) => e.edge.dst.name === consumer).map((e) => e.edge.src.name));
  const out: { node: string; output: string; parts: ResolverScore }[] = [];
  for (const [name, step] of wiring.steps) {
    if (name === consumer || preds.has(name) || !step.contract?.specification || !step.contract.stepType) continue;
    for (const o of step.contract.specification.outputs) {
      const parts = resolverScore(dep, o, step.contract.stepType);
      if (parts.score > RESOLVER_THRESHOLD) out.push({ node: name, output: o.name, parts });
    }
  }
  return out.sort((a, b) => b.parts.score - a.parts.score);
}
