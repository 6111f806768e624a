/**
 * Cursus 2.9's `.step.yaml` as a zod schema, written from its Pydantic models (`core/base/step_interface.py`) and
 * CURSUS-TODAY section 1. It is the source of the generated `schemas/step-interface.schema.json` (Cursus ships
 * none), of the keys and enum values offered by completion, of hover texts and of the unknown-key check (I810).
 * The I8xx rules check the same facts by walking the tree, so each finding lands on the key or value at fault.
 */
import { z } from 'zod';
import { DEPENDENCY_TYPES, NODE_TYPES } from '../contracts/model.js';

export const SAGEMAKER_STEP_TYPES = ['Base', 'CradleDataLoading', 'CreateModel', 'Lambda', 'MimsModelRegistrationProcessing', 'Processing', 'RedshiftDataLoading', 'RegisterModel', 'Training', 'Transform', 'Tuning', 'Utility'] as const;
export const REGISTRY_REQUIRES = ['none', 'secure_ai_sandbox_workflow_python_sdk'] as const;
export const STEP_ASSEMBLIES = ['code', 'step_args', 'delegation'] as const;
export const COMPUTE_KINDS = ['sklearn', 'xgboost', 'framework', 'script', 'estimator', 'model', 'transformer', 'byo_container'] as const;
export const SDK_CLASSES = ['PyTorch', 'SKLearn', 'XGBoost', 'PyTorchModel', 'XGBoostModel'] as const;
export const NETWORK_MODES = ['none', 'config'] as const;
export const INPUT_PATH_PREFIXES = ['/opt/ml/processing/', '/opt/ml/input/data', '/opt/ml/input/config', '/opt/ml/code'] as const;
export const OUTPUT_PATH_PREFIXES = ['/opt/ml/processing/', '/opt/ml/model', '/opt/ml/output/data', '/opt/ml/checkpoints'] as const;

const str = (d: string) => z.string().describe(d);
const strMap = (d: string) => z.record(z.string(), z.string()).describe(d);
const strList = (d: string) => z.array(z.string()).describe(d);

export const InputPortSchema = z
  .object({
    path: z.string().nullable().optional().describe(`Container path the input is mounted at; must start with ${INPUT_PATH_PREFIXES.join(', ')}. null for script-less steps.`),
    required: z.boolean().optional().describe('Whether the script needs this input (default true).'),
    channels: strList('SageMaker training sub-channels this input fans out into, e.g. [train, val, test].').optional(),
  })
  .describe('One contract input: where the script reads it.');

export const OutputPortSchema = z
  .object({
    path: z.string().nullable().optional().describe(`Container path the script writes the output to; must start with ${OUTPUT_PATH_PREFIXES.join(', ')}. null for script-less steps.`),
  })
  .describe('One contract output: where the script writes it.');

export const JobArgumentSchema = z
  .object({
    flag: str('The command-line flag the script parses, e.g. --job_type.'),
    source: str('The configuration field the value comes from (empty for a bare flag).').optional(),
  })
  .describe('One declared command-line argument (declarative: the real argv comes from config.get_job_arguments()).');

export const ContractSectionSchema = z
  .object({
    entry_point: z.string().nullable().optional().describe('The script file (must end with .py), or null for steps with no script (CreateModel, Transform).'),
    inputs: z.record(z.string(), InputPortSchema).optional().describe('Logical input name to its container path; every name must also be a spec dependency.'),
    outputs: z.record(z.string(), OutputPortSchema).optional().describe('Logical output name to its container path; every name must also be a spec output.'),
    arguments: strMap('Expected script arguments, name to string value.').optional(),
    job_arguments: z.array(JobArgumentSchema).optional().describe('The command-line flags the script accepts, each with the config field feeding it.'),
    env_vars: z
      .object({
        required: strList('Environment variables the script must be given.').optional(),
        optional: strMap('Optional environment variables with their default (string) values.').optional(),
      })
      .optional()
      .describe('Environment variables the script reads.'),
    framework_requirements: strMap('Python package to version specifier, e.g. pandas: ">=1.3.0".').optional(),
    source_dir: z.boolean().optional().describe('Upload the whole script folder (sibling modules), not the script alone (default false).'),
    include_job_type_in_path: z.boolean().optional().describe('Whether job_type is a segment of the output destination (default true).'),
    circular_ref_check: z.boolean().optional().describe('Run the PipelineVariable circular-reference guard before mapping inputs.'),
    skip_inputs: strList('Dependencies the script loads itself: never mounted, never need a DAG provider.').optional(),
    input_source_overrides: strMap('Dependency name to the config field that feeds it instead of an upstream step.').optional(),
    sink: z.boolean().optional().describe('A sink step produces no outputs.'),
    computed_env_paths: z.record(z.string(), z.array(z.string())).optional().describe('Env var to S3 path segments under the pipeline execution prefix.'),
    runtime_requires: strList('Third-party packages the script imports inside its container.').optional(),
    output_path_token: z.string().optional().describe('Legacy; the output prefix is derived from the step name.'),
    description: str('What the script does.').optional(),
  })
  .describe('The script contract: entry point, ports, arguments and environment.');

export const DependencySchema = z
  .object({
    type: z.enum(DEPENDENCY_TYPES).optional().describe('What kind of output can feed it (default processing_output).'),
    required: z.boolean().optional().describe('Whether the step needs an upstream provider (default true).'),
    compatible_sources: strList('Step types that may feed this dependency (a listed provider scores +0.1, an unlisted one -0.1).').optional(),
    semantic_keywords: strList('Words that raise the match score of outputs whose names contain them.').optional(),
    data_type: str('Data type of the value (default S3Uri).').optional(),
    description: str('What the dependency is.').optional(),
  })
  .describe('One dependency: an input the pipeline must feed from an upstream step output.');

export const SpecOutputSchema = z
  .object({
    type: z.enum(DEPENDENCY_TYPES).optional().describe('The output type (default processing_output).'),
    property_path: str("SageMaker property path, e.g. properties.ProcessingOutputConfig.Outputs['<name>'].S3Output.S3Uri.").optional(),
    aliases: strList('Other names downstream dependencies may match this output by.').optional(),
    semantic_keywords: strList('Descriptive words (unused by the resolver).').optional(),
    data_type: str('Data type of the value (default S3Uri).').optional(),
    description: str('What the output is.').optional(),
  })
  .describe('One output other steps can depend on.');

export const SpecSectionSchema = z
  .object({
    dependencies: z.record(z.string(), DependencySchema).optional().describe('Logical dependency name to its declaration.'),
    outputs: z.record(z.string(), SpecOutputSchema).optional().describe('Logical output name to its declaration.'),
  })
  .describe('The specification: how the step is wired into a pipeline.');

export const RegistrySectionSchema = z
  .object({
    sagemaker_step_type: z.enum(SAGEMAKER_STEP_TYPES).describe('The SageMaker step kind; Cursus\'s registry loader fails without it.'),
    requires: z.enum(REGISTRY_REQUIRES).optional().describe('secure_ai_sandbox_workflow_python_sdk when the step is built by the SAIS SDK (no local script is checked).'),
    description: str('One-line description of the step.').optional(),
    config_class: str('The configuration class (default <step_type>Config).').optional(),
    builder_step_name: str('The builder class name.').optional(),
  })
  .describe('Registry entry: how Cursus builds the step.');

export const PatternsSectionSchema = z
  .object({
    step_assembly: z.enum(STEP_ASSEMBLIES).optional().describe('How a Processing step is assembled: code, step_args or delegation.'),
    include_job_type_in_path: z.boolean().optional().describe('Whether job_type is a segment of the output destination (default true).'),
    direct_input_keys: strList('Logical inputs passed straight through to the processor.').optional(),
  })
  .describe('Strategy knobs for the step builder.');

export const ComputeSectionSchema = z
  .object({
    kind: z.enum(COMPUTE_KINDS).optional().describe('The compute object the builder makes: processor kinds sklearn, xgboost, framework, script; estimator; model; transformer; byo_container.'),
    sdk_class: z.enum(SDK_CLASSES).optional().describe('SDK class; required for framework, estimator and model, forbidden otherwise.'),
    framework_version_field: str('Config field holding the framework version; required for sklearn, xgboost, framework, estimator and model.').optional(),
    framework_version_default: str('Framework version used when the config lacks the field.').optional(),
    py_version_field: str('Config field holding the Python version.').optional(),
    framework_name: str('Inference-image framework; required for model and allowed only there.').optional(),
    kms_network: z.boolean().optional().describe('KMS volume key and shared network config; allowed only for script.'),
    image_uri_field: str('Config field holding the image URI; required for byo_container.').optional(),
    container_entrypoint: strList('byo_container: the command the container runs, e.g. [python3, /opt/ml/input/data/code/train.py].').optional(),
    network_mode: z.enum(NETWORK_MODES).optional().describe('none, or config (only for byo_container and estimator).'),
    instance_size_mode: z.enum(['large_or_small', 'fixed']).optional().describe('How the instance type is chosen.'),
    retrieve_image: z.boolean().optional().describe('Estimator only: retrieve the training image explicitly.'),
    lock_training_region: z.boolean().optional().describe('Estimator only: force the training region.'),
    locked_region: str('The region used when lock_training_region is true.').optional(),
    requires: str('Build-time package the compute pattern needs (derived from kms_network).').optional(),
  })
  .describe('The SageMaker compute object the step builder constructs.');

export const VariantSchema = z
  .object({
    spec: SpecSectionSchema.partial().optional().describe('Spec fields deep-merged over the base spec for this job type.'),
    contract: ContractSectionSchema.partial().optional().describe('Contract fields deep-merged over the base contract for this job type.'),
    patterns: PatternsSectionSchema.partial().optional().describe('Pattern knobs deep-merged over the base for this job type.'),
    step_type: str('Ignored by Cursus.').optional(),
  })
  .describe('Overrides applied when the job type equals this key exactly.');

export const StepInterfaceSchema = z
  .object({
    $schema: z.string().optional(),
    step_type: str('The step name in the registry, e.g. TabularPreprocessing. The file name is its snake_case form.'),
    node_type: z.enum(NODE_TYPES).optional().describe('Where the step sits in a DAG (default internal).'),
    registry: RegistrySectionSchema.nullable().optional(),
    compute: ComputeSectionSchema.optional(),
    patterns: PatternsSectionSchema.nullable().optional(),
    contract: ContractSectionSchema,
    spec: SpecSectionSchema.nullable().optional(),
    variants: z.record(z.string(), VariantSchema).optional().describe('Job type (training, validation, testing, calibration...) to overrides.'),
  })
  .describe('Cursus 2.9 step interface (.step.yaml): a step\'s script contract and specification.');
