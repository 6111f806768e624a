/**
 * Cursus 2.9's dependency resolver (core/deps/dependency_resolver.py, CURSUS-TODAY sections 4 and 8), reproduced
 * so that every score and every binding equals Cursus's: the same terms, summed in the same order in floating point
 * (0.4 + 0.2 - 0.1 is 0.5000000000000001, which passes "> 0.5"), and the compiler's candidate rule (direct
 * predecessors only, required dependencies first, a stable sort by score, greedy binding).
 */
import { explainScore } from './semantic.js';

/** What the resolver reads of a dependency (a `spec.dependencies` entry). */
export interface ResolverDependency {
  name: string;
  type: string;
  required: boolean;
  compatibleSources: readonly string[];
  semanticKeywords: readonly string[];
  dataType: string;
}

/** What the resolver reads of an output (a `spec.outputs` entry). */
export interface ResolverOutput {
  name: string;
  type: string;
  aliases: readonly string[];
  dataType: string;
}

/** The compiler's threshold: a candidate must score strictly above it. `cursus dag resolve` uses `>=`. */
export const RESOLVER_THRESHOLD = 0.5;

/** Output types each dependency type accepts besides its own. */
const COMPATIBLE_TYPES: Record<string, readonly string[]> = {
  model_artifacts: ['model_artifacts'],
  training_data: ['processing_output', 'training_data'],
  processing_output: ['processing_output', 'training_data'],
  hyperparameters: ['hyperparameters', 'custom_property'],
  payload_samples: ['payload_samples', 'processing_output'],
  custom_property: ['custom_property'],
};

const COMPATIBLE_DATA_TYPES: Record<string, readonly string[]> = {
  S3Uri: ['S3Uri', 'String'],
  String: ['String', 'S3Uri'],
  Integer: ['Integer', 'Float'],
  Float: ['Float', 'Integer'],
  Boolean: ['Boolean'],
};

/** Legacy step names still accepted in `compatible_sources` for today's ones. */
export const LEGACY_SOURCE_ALIASES: Readonly<Record<string, string>> = {
  MIMSPackaging: 'Package',
  MIMSPayload: 'Payload',
  ModelRegistration: 'Registration',
  PytorchTraining: 'PyTorchTraining',
  PytorchModel: 'PyTorchModel',
};

const SOURCE_SUFFIXES = ['_Training', '_Testing', '_Validation', '_Calibration'];

/** A step type as `compatible_sources` compares it: job-type suffix and trailing `Step` dropped, legacy names mapped. */
export function normaliseSourceName(name: string): string {
  let s = name;
  for (const suffix of SOURCE_SUFFIXES) {
    if (s.endsWith(suffix)) {
      s = s.slice(0, -suffix.length);
      break;
    }
  }
  if (s.endsWith('Step') && s.length > 4) s = s.slice(0, -4);
  return Object.prototype.hasOwnProperty.call(LEGACY_SOURCE_ALIASES, s) ? LEGACY_SOURCE_ALIASES[s] : s;
}

/** The parts of one score, each as added to the total (so `type + dataType + ... ` is the score before the cap). */
export interface ResolverScore {
  score: number;
  /** +0.4 equal types, +0.2 compatible, 0 incompatible (then every other part is 0 and so is the score). */
  type: number;
  /** +0.2 equal data types, +0.1 compatible, else 0. */
  dataType: number;
  /** 0.25 x the best semantic similarity of the dependency name to the output name or an alias. */
  semantic: number;
  /** The raw similarity and the name (output name or alias) that gave it. */
  similarity: number;
  similarTo: string;
  /** +0.05 when the dependency name is the output name or one of its aliases. */
  exact: number;
  /** +0.1 when the provider's step type is listed in `compatible_sources`, -0.1 when it is not, 0 when the list is empty. */
  source: number;
  /** 0.05 x the fraction of the dependency's keywords found in the output name. */
  keywords: number;
}

const ZERO: Omit<ResolverScore, 'similarTo'> = { score: 0, type: 0, dataType: 0, semantic: 0, similarity: 0, exact: 0, source: 0, keywords: 0 };

/** The compatibility of `output` (of a step of type `providerStepType`) for `dep`, with its parts. */
export function resolverScore(dep: ResolverDependency, output: ResolverOutput, providerStepType: string): ResolverScore {
  let score = 0.0;
  let type: number;
  if (dep.type === output.type) type = 0.4;
  else if ((COMPATIBLE_TYPES[dep.type] ?? []).includes(output.type)) type = 0.2;
  else return { ...ZERO, similarTo: output.name };
  score += type;

  let dataType = 0;
  if (dep.dataType === output.dataType) dataType = 0.2;
  else if ((COMPATIBLE_DATA_TYPES[dep.dataType] ?? [dep.dataType]).includes(output.dataType)) dataType = 0.1;
  score += dataType;

  // calculate_similarity_with_aliases: the dependency name first; an alias replaces only a strictly better score.
  let similarity = similarityOf(dep.name, output.name);
  let similarTo = output.name;
  for (const alias of output.aliases) {
    const s = similarityOf(dep.name, alias);
    if (s > similarity) {
      similarity = s;
      similarTo = alias;
    }
  }
  const semantic = similarity * 0.25;
  score += semantic;

  const exact = dep.name === output.name || output.aliases.includes(dep.name) ? 0.05 : 0;
  score += exact;

  let source = 0;
  if (dep.compatibleSources.length > 0) {
    const provider = normaliseSourceName(providerStepType);
    source = dep.compatibleSources.some((s) => normaliseSourceName(s) === provider) ? 0.1 : -0.1;
    score += source;
  }

  let keywords = 0;
  if (dep.semanticKeywords.length > 0) {
    const lower = output.name.toLowerCase();
    const found = dep.semanticKeywords.filter((k) => lower.includes(k.toLowerCase())).length;
    keywords = (found / dep.semanticKeywords.length) * 0.05;
    score += keywords;
  }
  return { score: Math.min(score, 1.0), type, dataType, semantic, similarity, similarTo, exact, source, keywords };
}

/** SemanticMatcher scores are pure functions of two names; the same pairs recur across every DAG of a project. */
const similarities = new Map<string, number>();
function similarityOf(a: string, b: string): number {
  const key = `${a}\u0000${b}`;
  let s = similarities.get(key);
  if (s === undefined) {
    if (similarities.size >= 100_000) similarities.clear();
    similarities.set(key, (s = explainScore(a, b).score));
  }
  return s;
}

/** The parts as a person reads them: `type +0.4, data type +0.2, semantic +0.21 (0.84 to 'x'), ...`. */
export function describeScore(s: ResolverScore): string {
  const sign = (n: number) => `${n < 0 ? '−' : '+'}${fmt(Math.abs(n))}`;
  if (s.type === 0) return 'types incompatible (score 0)';
  const parts = [
    `type ${sign(s.type)}`,
    `data type ${sign(s.dataType)}`,
    `semantic ${sign(s.semantic)}${s.similarity > 0 ? ` (${fmt(s.similarity)} to '${s.similarTo}')` : ''}`,
    `exact name ${sign(s.exact)}`,
    `sources ${s.source === 0 ? '+0 (none listed)' : s.source > 0 ? sign(s.source) : `${sign(s.source)} (step type not listed)`}`,
    `keywords ${sign(s.keywords)}`,
  ];
  return parts.join(', ');
}

/** Scores are shown with 3 decimals, except where rounding would hide which side of the threshold they are on. */
export function fmt(n: number): string {
  const r = n.toFixed(3);
  if (n > RESOLVER_THRESHOLD && Number(r) <= RESOLVER_THRESHOLD) return n.toPrecision(17).replace(/0+$/, '');
  return r;
}

/** One provider the compiler may consider for a consumer: the source node of an incoming edge, in edge order. */
export interface Provider {
  node: string;
  stepType: string;
  outputs: readonly ResolverOutput[];
  /** Index of the edge in the DAG's edge list (for pointing at it). */
  edgeIndex: number;
}

export interface Candidate {
  dep: string;
  required: boolean;
  provider: string;
  output: string;
  edgeIndex: number;
  parts: ResolverScore;
}

export interface Binding extends Candidate {
  /** Other candidates with the very same score for this dependency that lost on order (Cursus keeps the first). */
  tiedWith: Candidate[];
}

export interface ConsumerResolution {
  bindings: Binding[];
  /** Every scored (dependency, provider, output) triple, best first for each dependency, above threshold or not. */
  scored: Candidate[];
}

/**
 * The compiler's binding for one consumer: candidates from direct predecessors scoring above 0.5, stable-sorted
 * required first then by descending score (ties keep the order in which each dependency first got a candidate,
 * then edge order, then output order); greedily, each dependency is bound once and each (provider, output) feeds
 * at most one dependency of this consumer.
 */
export function resolveConsumer(deps: readonly ResolverDependency[], providers: readonly Provider[]): ConsumerResolution {
  const byDep = new Map<string, Candidate[]>();
  const scored: Candidate[] = [];
  for (const p of providers) {
    for (const dep of deps) {
      for (const out of p.outputs) {
        const parts = resolverScore(dep, out, p.stepType);
        const c: Candidate = { dep: dep.name, required: dep.required, provider: p.node, output: out.name, edgeIndex: p.edgeIndex, parts };
        scored.push(c);
        if (parts.score > RESOLVER_THRESHOLD) {
          const list = byDep.get(dep.name);
          if (list) list.push(c);
          else byDep.set(dep.name, [c]);
        }
      }
    }
  }
  const candidates = [...byDep.values()].flat();
  // Array.prototype.sort is stable (ES2019), like Python's list.sort.
  candidates.sort((a, b) => Number(b.required) - Number(a.required) || b.parts.score - a.parts.score);
  const bound = new Map<string, Binding>();
  const used = new Set<string>();
  for (const c of candidates) {
    const key = `${c.provider}\u0000${c.output}`;
    const existing = bound.get(c.dep);
    if (existing) {
      if (c.parts.score === existing.parts.score && !used.has(key)) existing.tiedWith.push(c);
      continue;
    }
    if (used.has(key)) continue;
    bound.set(c.dep, { ...c, tiedWith: [] });
    used.add(key);
  }
  // Best first per dependency, for explanations (stable: edge then output order among equals).
  const order = new Map(deps.map((d, i) => [d.name, i]));
  scored.sort((a, b) => (order.get(a.dep) ?? 0) - (order.get(b.dep) ?? 0) || b.parts.score - a.parts.score);
  const bindings = deps.flatMap((d) => {
    const b = bound.get(d.name);
    return b ? [b] : [];
  });
  return { bindings, scored };
}
