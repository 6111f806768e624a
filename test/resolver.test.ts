/** The dependency resolver against an independent Python reading of Cursus's: every score to the bit, every binding. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { normaliseSourceName, resolveConsumer, resolverScore, type Provider, type ResolverDependency, type ResolverOutput } from '../server/src/engine/matching/resolver.js';
import { repoRoot } from './helpers/paths.js';
import { askReference, rng } from './helpers/reference.js';

interface Iface {
  stepType: string;
  deps: ResolverDependency[];
  outputs: ResolverOutput[];
}

interface RawDep {
  type?: string;
  required?: boolean;
  compatible_sources?: string[];
  semantic_keywords?: string[];
  data_type?: string;
}

interface RawOut {
  type?: string;
  aliases?: string[];
  data_type?: string;
}

/** The 20 reference interfaces' specifications, read here with the yaml package (independently of the engine's reader). */
function interfaces(): Iface[] {
  const dir = join(repoRoot, 'test/data/cursus/steps/interfaces');
  return readdirSync(dir).filter((f) => f.endsWith('.step.yaml')).sort().map((f) => {
    const doc = parse(readFileSync(join(dir, f), 'utf8'));
    const spec = doc.spec ?? {};
    return {
      stepType: doc.step_type,
      deps: Object.entries((spec.dependencies ?? {}) as Record<string, RawDep>).map(([name, d]) => ({
        name,
        type: d.type ?? 'processing_output',
        required: d.required ?? true,
        compatibleSources: d.compatible_sources ?? [],
        semanticKeywords: d.semantic_keywords ?? [],
        dataType: d.data_type ?? 'S3Uri',
      })),
      outputs: Object.entries((spec.outputs ?? {}) as Record<string, RawOut>).map(([name, o]) => ({
        name,
        type: o.type ?? 'processing_output',
        aliases: o.aliases ?? [],
        dataType: o.data_type ?? 'S3Uri',
      })),
    };
  });
}

interface Case {
  consumer: ResolverDependency[];
  providers: Provider[];
}

function python(cases: Case[]): { scores: [string, string, string, number][]; bindings: Record<string, [string, string, number]> }[] {
  const toPy = (c: Case) => ({
    consumer: c.consumer.map((d) => ({ name: d.name, type: d.type, required: d.required, compatible_sources: d.compatibleSources, semantic_keywords: d.semanticKeywords, data_type: d.dataType })),
    providers: c.providers.map((p) => ({ node: p.node, step_type: p.stepType, outputs: p.outputs.map((o) => ({ name: o.name, type: o.type, aliases: o.aliases, data_type: o.dataType })) })),
  });
  return askReference('resolver_reference.py', cases.map(toPy));
}


const TYPES = ['model_artifacts', 'processing_output', 'training_data', 'hyperparameters', 'payload_samples', 'custom_property'];
const DATA_TYPES = ['S3Uri', 'String', 'Integer', 'Float', 'Boolean'];

test('3,000 generated consumers over the reference interfaces: every score equals Python to the bit, every binding is the same', () => {
  const all = interfaces();
  assert.equal(all.length, 20);
  const rand = rng(2029);
  const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)];
  const stepName = (t: string) => pick([t, t, t, `${t}_Training`, `${t}_Calibration`, `${t}Step`, t === 'Package' ? 'MIMSPackaging' : t]);
  const cases: Case[] = [];
  for (let i = 0; i < 3000; i++) {
    const consumerIface = pick(all.filter((x) => x.deps.length));
    const consumer = consumerIface.deps.map((d) => {
      const m = rand(12);
      if (m === 0) return { ...d, required: !d.required };
      if (m === 1) return { ...d, compatibleSources: [] };
      if (m === 2) return { ...d, type: pick(TYPES) };
      if (m === 3) return { ...d, dataType: pick(DATA_TYPES) };
      if (m === 4) return { ...d, semanticKeywords: [] };
      if (m === 5) return { ...d, compatibleSources: [...d.compatibleSources, pick(['MIMSPackaging', 'ModelRegistration', 'PytorchTraining', 'ProcessingStep'])] };
      return d;
    });
    const n = 1 + rand(4);
    const providers: Provider[] = [];
    for (let k = 0; k < n; k++) {
      const p = rand(6) === 0 && providers.length ? providers[rand(providers.length)] : undefined;
      const src = pick(all.filter((x) => x.outputs.length));
      // A copy of an earlier provider under another name makes exact ties.
      const outputs = p ? p.outputs : src.outputs.map((o) => (rand(10) === 0 ? { ...o, dataType: pick(DATA_TYPES) } : rand(15) === 0 ? { ...o, type: pick(TYPES) } : o));
      providers.push({ node: `N${k}_${src.stepType}`, stepType: p ? p.stepType : stepName(src.stepType), outputs, edgeIndex: k });
    }
    cases.push({ consumer, providers });
  }
  const expected = python(cases);
  let scoreMismatches = 0;
  let bindingMismatches = 0;
  let bound = 0;
  let withTies = 0;
  const firstBad: string[] = [];
  cases.forEach((c, i) => {
    const got = resolveConsumer(c.consumer, c.providers);
    for (const [dep, node, output, score] of expected[i].scores) {
      const p = c.providers.find((x) => x.node === node)!;
      const mine = resolverScore(c.consumer.find((d) => d.name === dep)!, p.outputs.find((o) => o.name === output)!, p.stepType).score;
      if (mine !== score) {
        scoreMismatches++;
        if (firstBad.length < 3) firstBad.push(`${dep} <- ${node}.${output}: ${mine} vs ${score}`);
      }
    }
    const mine = Object.fromEntries(got.bindings.map((b) => [b.dep, [b.provider, b.output, b.parts.score]]));
    if (JSON.stringify(mine) !== JSON.stringify(Object.fromEntries(Object.entries(expected[i].bindings).sort(([a], [b]) => order(c, a) - order(c, b))))) {
      bindingMismatches++;
      if (firstBad.length < 3) firstBad.push(`bindings ${JSON.stringify(mine)} vs ${JSON.stringify(expected[i].bindings)}`);
    }
    bound += got.bindings.length;
    if (got.bindings.some((b) => b.tiedWith.length)) withTies++;
  });
  assert.deepEqual(firstBad, []);
  assert.equal(scoreMismatches, 0);
  assert.equal(bindingMismatches, 0);
  assert.ok(bound > 1000, `the cases bind something (${bound} bindings)`);
  assert.ok(withTies > 20, `the cases include ties (${withTies})`);
});

function order(c: Case, dep: string): number {
  return c.consumer.findIndex((d) => d.name === dep);
}

const dep = (over: Partial<ResolverDependency> = {}): ResolverDependency => ({ name: 'input_path', type: 'training_data', required: true, compatibleSources: [], semanticKeywords: [], dataType: 'S3Uri', ...over });
const out = (over: Partial<ResolverOutput> = {}): ResolverOutput => ({ name: 'processed_data', type: 'processing_output', aliases: [], dataType: 'S3Uri', ...over });

test('worked example: the parts of TabularPreprocessing.processed_data for XGBoostTraining.input_path', () => {
  const xgb = interfaces().find((x) => x.stepType === 'XGBoostTraining')!;
  const tab = interfaces().find((x) => x.stepType === 'TabularPreprocessing')!;
  const s = resolverScore(xgb.deps[0], tab.outputs[0], 'TabularPreprocessing');
  assert.equal(s.type, 0.2, 'training_data accepts processing_output');
  assert.equal(s.dataType, 0.2);
  assert.equal(s.similarity, 1, "'input_path' is an alias of processed_data");
  assert.equal(s.similarTo, 'input_path');
  assert.equal(s.exact, 0.05);
  assert.equal(s.source, 0.1);
  // 'data' and 'processed' of the 8 keywords are in the output name: 2/8 x 0.05
  assert.equal(s.keywords, 0.0125);
  assert.equal(s.score, 0.2 + 0.2 + 0.25 + 0.05 + 0.1 + 0.0125);
});

test('0.4 + 0.2 - 0.1 passes "> 0.5" exactly as in Python floating point', () => {
  const s = resolverScore(dep({ type: 'processing_output', name: 'zzz', compatibleSources: ['Other'] }), out({ name: 'qqq' }), 'Mine');
  assert.equal(s.similarity, 0);
  assert.equal(s.source, -0.1);
  assert.equal(s.score, 0.5000000000000001);
  const r = resolveConsumer([dep({ type: 'processing_output', name: 'zzz', compatibleSources: ['Other'] })], [{ node: 'A', stepType: 'Mine', outputs: [out({ name: 'qqq' })], edgeIndex: 0 }]);
  assert.equal(r.bindings.length, 1);
});

test('incompatible types score 0 whatever the names', () => {
  assert.equal(resolverScore(dep({ type: 'model_artifacts', name: 'processed_data' }), out(), 'X').score, 0);
});

test('compatible_sources: job-type suffix, trailing Step and legacy names are normalised', () => {
  assert.equal(normaliseSourceName('TabularPreprocessing_Training'), 'TabularPreprocessing');
  assert.equal(normaliseSourceName('ProcessingStep'), 'Processing');
  assert.equal(normaliseSourceName('MIMSPackaging'), 'Package');
  assert.equal(resolverScore(dep({ compatibleSources: ['MIMSPackaging'] }), out(), 'Package').source, 0.1);
  assert.equal(resolverScore(dep({ compatibleSources: ['Package'] }), out(), 'PackageStep').source, 0.1);
  assert.equal(resolverScore(dep({ compatibleSources: ['Package'] }), out(), 'Payload').source, -0.1);
});

test('greedy binding: required first, one dependency per (provider, output), ties kept in order and reported', () => {
  const optional = dep({ name: 'extra_data', required: false, type: 'processing_output' });
  const required = dep({ name: 'input_data', type: 'processing_output' });
  const p = (node: string, edgeIndex: number): Provider => ({ node, stepType: 'S', outputs: [out({ name: 'input_data' })], edgeIndex });
  // Optional first in the spec, yet the required one takes the only output; the optional one gets nothing.
  const one = resolveConsumer([optional, required], [p('A', 0)]);
  assert.deepEqual(one.bindings.map((b) => `${b.dep}<-${b.provider}.${b.output}`), ['input_data<-A.input_data']);
  // Two equal providers: the first edge wins, the second is reported as a tie; then the optional takes the second.
  const two = resolveConsumer([required, optional], [p('A', 0), p('B', 1)]);
  assert.deepEqual(two.bindings.map((b) => `${b.dep}<-${b.provider}`), ['input_data<-A', 'extra_data<-B']);
  assert.deepEqual(two.bindings[0].tiedWith.map((t) => t.provider), ['B']);
});
