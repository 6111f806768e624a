/** The file formats as zod schemas: the single source of truth for validation and for the JSON Schemas in schemas/. */
import { z } from 'zod';
import { StepInterfaceSchema } from './step-interface.js';

const optionalText = (description: string) => z.string().nullish().describe(description);

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const PathSpecSchema = z
  .strictObject({
    logical_name: z.string().describe('Primary logical name, as in the script contract.'),
    path: z.string().describe('Local path backing this logical name.'),
    aliases: z.array(z.string()).optional().describe('Other names this path may be matched by.'),
  })
  .describe('Enhanced path specification with aliases.');

const pathMap = (what: string) =>
  z.record(z.string(), z.string()).optional().describe(`Map of logical ${what} name (from the script contract) to a local path.`);

const pathSpecMap = (what: string) =>
  z.record(z.string(), PathSpecSchema).optional().describe(`Map of logical ${what} name to an enhanced path specification.`);

export const ScriptSpecSchema = z
  .strictObject({
    $schema: z.string().optional(),
    script_name: z.string().describe('Script to run: its file name in snake_case, without .py.'),
    step_name: z.string().describe('Pipeline step name; matches the DAG node name.'),
    script_path: optionalText('Explicit path to the script file (optional).'),
    input_paths: pathMap('input'),
    output_paths: pathMap('output'),
    input_path_specs: pathSpecMap('input'),
    output_path_specs: pathSpecMap('output'),
    environ_vars: z.record(z.string(), z.string()).optional().describe('Environment variables passed to main(); values are strings.'),
    job_args: z
      .record(z.string(), z.union([scalar, z.array(scalar)]))
      .optional()
      .describe('Job arguments passed to main() as an argparse.Namespace.'),
    run: z.boolean().optional().describe('false for a step with no local script (cursus-lint init writes it): never run; its output paths are data you provide.'),
    last_updated: optionalText('Timestamp written by Cursus when the spec was saved.'),
    user_notes: optionalText('Free-form notes.'),
  })
  .describe('Cursus ScriptExecutionSpec: how to run one script locally.');

export const EdgeSchema = z
  .union([
    z.tuple([z.string(), z.string()]),
    z.strictObject({ from: z.string(), to: z.string() }),
    z.string().regex(/^\s*\S.*->.*\S\s*$/),
  ])
  .describe('An edge: [source, target], {from, to}, or "source -> target".');

export const DagSchema = z
  .strictObject({
    description: z.string().optional().describe('What the pipeline does (free text).'),
    nodes: z.array(z.string()).describe('Step names.'),
    edges: z.array(EdgeSchema).describe('Dependencies between steps.'),
  })
  .describe('Pipeline DAG: nodes and edges.');

export const PipelineSpecSchema = z
  .strictObject({
    $schema: z.string().optional(),
    dag: DagSchema,
    script_specs: z.record(z.string(), ScriptSpecSchema).describe('One script spec per DAG node.'),
    test_workspace_root: z.string().optional().describe('Root folder for test data and outputs (default test/integration/runtime).'),
    workspace_aware_root: optionalText('Workspace-aware project root.'),
    pipeline_config: z.string().optional().describe('Cursus 2.9 pipeline configuration JSON the DAG is checked against (project-relative).'),
  })
  .describe('Cursus PipelineTestingSpec: a DAG plus one script spec per node.');

export const RuntimeConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    pipeline_spec: PipelineSpecSchema,
    test_individual_scripts: z.boolean().optional().describe('Run each script on its own (Cursus default true).'),
    test_data_compatibility: z.boolean().optional().describe('Check that each edge\'s upstream outputs feed the downstream script (default true).'),
    test_pipeline_flow: z.boolean().optional().describe('Run the whole pipeline in topological order (default true).'),
    enable_enhanced_features: z.boolean().optional().describe('Use enhanced path specs (logical names with aliases).'),
    enable_logical_matching: z.boolean().optional().describe('Match outputs to inputs by logical name (exact, alias, then semantic).'),
    use_workspace_aware: z.boolean().optional().describe('Resolve scripts and contracts through Cursus workspaces.'),
  })
  .describe('Cursus RuntimeTestingConfiguration wrapping a pipeline spec.');

export const DagFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.union([z.string(), z.number()]).optional().describe('Serializer format version, "1.x".'),
    created_at: z.string().optional().describe('When the serializer wrote the file (ISO 8601).'),
    metadata: z.record(z.string(), z.unknown()).optional().describe('Free-form facts about the pipeline (name, framework, counts).'),
    dag: DagSchema,
    statistics: z.record(z.string(), z.unknown()).optional().describe('Counts the serializer computed (nodes, edges, entry and exit points).'),
  })
  .describe('A DAG file as Cursus writes it (catalog or serializer form).');

export const PipelineConfigSchema = z
  .looseObject({
    $schema: z.string().optional(),
    metadata: z
      .looseObject({ config_types: z.record(z.string(), z.string()).optional().describe('Node name to its config class.') })
      .optional()
      .describe('What Cursus recorded about the configurations: config_types maps each node to its config class.'),
    configuration: z
      .looseObject({
        shared: z.record(z.string(), z.unknown()).optional().describe('Fields every node configuration starts from.'),
        specific: z.record(z.string(), z.looseObject({ __model_type__: z.string().optional().describe('The config class of this node (for example ProcessingStepConfigBase).') })).optional().describe('Node name to its own fields (over the shared ones).'),
      })
      .describe('The configurations of the pipeline\'s steps.'),
  })
  .describe('A Cursus 2.9 pipeline configuration (pipeline_config/config*.json).');

/** The pipeline formats with each script spec left open, for validating the specs one by one. */
export const PipelineSkeletonSchema = PipelineSpecSchema.extend({ script_specs: z.record(z.string(), z.unknown()) });
export const RuntimeConfigSkeletonSchema = RuntimeConfigSchema.extend({ pipeline_spec: PipelineSkeletonSchema });

export type FileKind = 'script-spec' | 'enhanced-script-spec' | 'pipeline-spec' | 'runtime-config' | 'dag-file' | 'step-interface' | 'pipeline-config';

export const schemaByKind: Record<FileKind, z.ZodType> = {
  'script-spec': ScriptSpecSchema,
  'enhanced-script-spec': ScriptSpecSchema,
  'pipeline-spec': PipelineSpecSchema,
  'runtime-config': RuntimeConfigSchema,
  'dag-file': DagFileSchema,
  'step-interface': StepInterfaceSchema,
  'pipeline-config': PipelineConfigSchema,
};

/** The JSON Schema files written to schemas/, one per format. */
export const jsonSchemaFiles: { file: string; title: string; schema: z.ZodType }[] = [
  { file: 'script-spec.schema.json', title: 'Cursus script spec', schema: ScriptSpecSchema },
  { file: 'pipeline-spec.schema.json', title: 'Cursus pipeline spec', schema: PipelineSpecSchema },
  { file: 'runtime-config.schema.json', title: 'Cursus runtime testing configuration', schema: RuntimeConfigSchema },
  { file: 'dag.schema.json', title: 'Cursus DAG file', schema: DagFileSchema },
  { file: 'step-interface.schema.json', title: 'Cursus 2.9 step interface (.step.yaml)', schema: StepInterfaceSchema },
  { file: 'pipeline-config.schema.json', title: 'Cursus pipeline configuration', schema: PipelineConfigSchema },
];

export function toJsonSchema(title: string, schema: z.ZodType): unknown {
  return { title, ...z.toJSONSchema(schema, { target: 'draft-7' }) };
}

/** The keys an object schema allows at a path of keys (record values and array items are walked through). */
export function allowedKeysAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): string[] {
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (!cur) return [];
    const def = defOf(cur);
    if (def.type === 'object') cur = (def.shape as Record<string, z.ZodType>)[String(seg)];
    else if (def.type === 'record') cur = def.valueType as z.ZodType;
    else if (def.type === 'array') cur = def.element as z.ZodType;
    else return [];
    cur = cur ? unwrap(cur) : undefined;
  }
  if (!cur) return [];
  const def = defOf(cur);
  return def.type === 'object' ? Object.keys(def.shape as object).filter((k) => k !== '$schema') : [];
}

/** A schema's description, looked for through its optional/nullable/default wrappers (`.partial()` adds one). */
export function describedBy(schema: z.ZodType): string | undefined {
  let cur = schema;
  for (;;) {
    if (cur.description) return cur.description;
    const def = defOf(cur);
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') cur = def.innerType as z.ZodType;
    else return undefined;
  }
}

function unwrap(schema: z.ZodType): z.ZodType {
  let cur = schema;
  for (;;) {
    const def = defOf(cur);
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') cur = def.innerType as z.ZodType;
    else return cur;
  }
}

function defOf(schema: z.ZodType): Record<string, unknown> {
  return (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
}

/** The description of the key a path of keys ends in, from the schema (what JSON Schema shows too), and whether it is required. */
export function describeKeyAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): { description?: string; required: boolean } | undefined {
  if (path.length === 0) return undefined;
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const seg of path.slice(0, -1)) {
    if (!cur) break;
    const def = defOf(cur);
    if (def.type === 'object') cur = (def.shape as Record<string, z.ZodType>)[String(seg)];
    else if (def.type === 'record') cur = def.valueType as z.ZodType;
    else if (def.type === 'array') cur = def.element as z.ZodType;
    else cur = undefined;
    cur = cur ? unwrap(cur) : undefined;
  }
  const field = cur && defOf(cur).type === 'object' ? (defOf(cur).shape as Record<string, z.ZodType>)[String(path[path.length - 1])] : undefined;
  const description = field ? describedBy(field) : undefined;
  if (field && description) return { description, required: defOf(field).type !== 'optional' };
  // A key the user names (a record's key, a field of a free-form map or of an object open to any field): what
  // holds it says what it is.
  if (field || !openAt(schema, path.slice(0, -1))) return field ? { description, required: defOf(field).type !== 'optional' } : undefined;
  for (let n = path.length - 1; n > 0; n--) {
    const holder = describeKeyAt(schema, path.slice(0, n));
    if (holder?.description && typeof path[n - 1] !== 'number' && !/^\d+$/.test(String(path[n - 1]))) {
      return { description: `${n === path.length - 1 ? 'An entry' : 'A key inside an entry'} of \`${String(path[n - 1])}\`: ${holder.description}`, required: false };
    }
  }
  return undefined;
}

/** Whether the value at `path` takes keys the schema does not list: a record, an object open to any field, or a value beyond the schema. */
function openAt(schema: z.ZodType, path: ReadonlyArray<PropertyKey>): boolean {
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    const def = defOf(cur);
    if (def.type === 'object') {
      const next = (def.shape as Record<string, z.ZodType>)[String(seg)];
      if (!next) return def.catchall !== undefined && defOf(def.catchall as z.ZodType).type !== 'never';
      cur = unwrap(next);
    } else if (def.type === 'record') cur = unwrap(def.valueType as z.ZodType);
    else if (def.type === 'array') cur = unwrap(def.element as z.ZodType);
    else return def.type === 'unknown' || def.type === 'any';
  }
  const def = defOf(cur);
  return def.type === 'record' || def.type === 'unknown' || def.type === 'any' || (def.type === 'object' && def.catchall !== undefined && defOf(def.catchall as z.ZodType).type !== 'never');
}
