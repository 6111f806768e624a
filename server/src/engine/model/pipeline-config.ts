/**
 * Cursus 2.9's pipeline configuration JSON (`pipeline_config/config*.json`, CURSUS-TODAY section 3):
 * `{metadata: {config_types: {name: Class}}, configuration: {shared, specific: {name: {__model_type__, ...}}}}`.
 * Each node's configuration is `{**shared, **specific[name]}`, found by exact node name.
 */
import type { Span } from '../span.js';
import { entry, isMap, isScalar, keyText, toPlain, type MapEntry, type MapNode, type YNode } from '../syntax/ast.js';

export interface ConfigEntry {
  name: string;
  /** The key of `configuration.specific.<name>`. */
  span: Span;
  map?: MapNode;
  /** `__model_type__` as written, with where. */
  modelType?: { value: string; span: Span };
  /** `metadata.config_types.<name>`, with where. */
  configType?: { value: string; span: Span };
  /** Shared fields overlaid by the specific ones (plain values), as Cursus builds each config. */
  fields: Record<string, unknown>;
  /** Where each specific field's value is written (shared fields point into `shared`). */
  spans: Record<string, Span>;
  /** Numbers as written (`0.0` stays `0.0`, as Python's str() of the float gives it). */
  raw: Record<string, string>;
}

export interface PipelineConfigModel {
  entries: ConfigEntry[];
  byName: Map<string, ConfigEntry>;
  /** `metadata.config_types` names with no `specific` entry. */
  typedOnly: { name: string; span: Span }[];
  sharedEntry?: MapEntry;
  specificEntry?: MapEntry;
}

/** A pipeline configuration by content: `configuration` holding `specific` or `shared`, or `metadata.config_types`. */
export function isPipelineConfig(root: YNode | null): boolean {
  if (!isMap(root)) return false;
  const conf = entry(root, 'configuration')?.value;
  if (isMap(conf) && (entry(conf, 'specific') || entry(conf, 'shared'))) return true;
  const meta = entry(root, 'metadata')?.value;
  return isMap(meta) && isMap(entry(meta, 'config_types')?.value) && !entry(root, 'dag');
}

export function readPipelineConfig(root: YNode | null, text = ''): PipelineConfigModel {
  const model: PipelineConfigModel = { entries: [], byName: new Map(), typedOnly: [] };
  if (!isMap(root)) return model;
  const conf = entry(root, 'configuration')?.value;
  const meta = entry(root, 'metadata')?.value;
  const types = isMap(meta) ? entry(meta, 'config_types')?.value : undefined;
  const typeOf = new Map<string, { value: string; span: Span }>();
  if (isMap(types)) {
    for (const e of types.entries) if (isScalar(e.value) && typeof e.value.value === 'string') typeOf.set(keyText(e), { value: e.value.value, span: e.value.span });
  }
  model.sharedEntry = isMap(conf) ? entry(conf, 'shared') : undefined;
  model.specificEntry = isMap(conf) ? entry(conf, 'specific') : undefined;
  const shared = model.sharedEntry?.value;
  const sharedFields = isMap(shared) ? (toPlain(shared) as Record<string, unknown>) : {};
  const sharedSpans: Record<string, Span> = {};
  const sharedRaw: Record<string, string> = {};
  const rawOf = (e: MapEntry, into: Record<string, string>) => {
    if (isScalar(e.value) && typeof e.value.value === 'number' && text) into[keyText(e)] = text.slice(e.value.span.start, e.value.span.end);
  };
  if (isMap(shared)) for (const e of shared.entries) {
    sharedSpans[keyText(e)] = (e.value ?? e.key).span;
    rawOf(e, sharedRaw);
  }
  const specific = model.specificEntry?.value;
  if (isMap(specific)) {
    for (const e of specific.entries) {
      const name = keyText(e);
      const map = isMap(e.value) ? e.value : undefined;
      const own = map ? (toPlain(map) as Record<string, unknown>) : {};
      const spans: Record<string, Span> = { ...sharedSpans };
      const raw: Record<string, string> = { ...sharedRaw };
      if (map) for (const f of map.entries) {
        spans[keyText(f)] = (f.value ?? f.key).span;
        delete raw[keyText(f)];
        rawOf(f, raw);
      }
      const mt = map ? entry(map, '__model_type__')?.value : undefined;
      const c: ConfigEntry = {
        name,
        span: e.key.span,
        map,
        modelType: isScalar(mt) && typeof mt.value === 'string' ? { value: mt.value, span: mt.span } : undefined,
        configType: typeOf.get(name),
        fields: { ...sharedFields, ...own },
        spans,
        raw,
      };
      model.entries.push(c);
      if (!model.byName.has(name)) model.byName.set(name, c);
    }
  }
  for (const [name, t] of typeOf) if (!model.byName.has(name)) model.typedOnly.push({ name, span: t.span });
  return model;
}

/** The entry-point fields Cursus reads for a node's script, in its order, then `processing_entry_point` (which it forgets). */
export const ENTRY_POINT_FIELDS = ['training_entry_point', 'inference_entry_point', 'entry_point', 'processing_entry_point'] as const;

/** The script a node's configuration names: the first entry-point field, joined to its source folder. */
export function configScript(c: ConfigEntry): { field: string; entryPoint: string; dir?: string; path: string; span: Span } | undefined {
  for (const field of ENTRY_POINT_FIELDS) {
    const ep = c.fields[field];
    if (typeof ep !== 'string' || !ep) continue;
    const dirField = field === 'processing_entry_point' ? ['processing_source_dir', 'source_dir'] : ['effective_source_dir', 'source_dir'];
    const dir = dirField.map((f) => c.fields[f]).find((d): d is string => typeof d === 'string' && d.length > 0);
    const path = dir ? `${dir.replace(/\/+$/, '')}/${ep}` : ep;
    return { field, entryPoint: ep, dir, path, span: c.spans[field] };
  }
  return undefined;
}

/** The env vars Cursus's run-scripts passes from a node's configuration (upper-cased field names). */
export const CONFIG_ENV_FIELDS = ['framework_version', 'py_version', 'region', 'aws_region', 'model_class', 'service_name', 'author', 'bucket', 'role', 'pipeline_name', 'pipeline_s3_loc'] as const;

/** A configuration field as Python's str() writes it for an env var or job arg (scalars only): `True`, `0.0`. */
export function configString(c: ConfigEntry, field: string): string | undefined {
  const v = c.fields[field];
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return c.raw[field] ?? String(v);
  return undefined;
}
