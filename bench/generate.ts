/** Synthetic inputs for the benchmarks: many contract files, and large pipeline specs. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchTempDir } from './temp.js';

/** A project folder with `n` contract files and `n` scripts, written in the styles real repositories use. */
export function contractProject(n: number): string {
  const root = benchTempDir('cursus-bench-');
  mkdirSync(join(root, 'src/steps/contracts'), { recursive: true });
  mkdirSync(join(root, 'src/steps/scripts'), { recursive: true });
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "bench"\n');
  for (let i = 0; i < n; i++) {
    const style = i % 3;
    const inputs = style === 0 ? `{\n        "processed_data": "/opt/ml/processing/input/data",  # upstream\n        "METADATA": "/opt/ml/processing/input/meta",\n    }` : style === 1 ? `dict(processed_data="/opt/ml/input/data", METADATA="/opt/ml/input/config")` : 'COMMON_INPUTS';
    writeFileSync(
      join(root, `src/steps/contracts/step_${i}_contract.py`),
      `"""Contract ${i}."""\nfrom ..base import ProcessingScriptContract\n${style === 2 ? 'from .common import COMMON_INPUTS\n' : ''}\nSTEP_${i}_CONTRACT = ProcessingScriptContract(\n    entry_point="step_${i}.py",\n    expected_input_paths=${inputs},\n    expected_output_paths={"processed_data": "/opt/ml/processing/output"},\n    required_env_vars=["LABEL_FIELD", "TRAIN_RATIO"],\n    optional_env_vars={"SEED": "7"},\n    expected_arguments={"job-type": "training"},\n    description="Step ${i} "\n    "of the benchmark",\n)\n`,
    );
    writeFileSync(join(root, `src/steps/scripts/step_${i}.py`), `def main(input_paths, output_paths, environ_vars, job_args):\n    return input_paths["processed_data"], output_paths["processed_data"], environ_vars["LABEL_FIELD"]\n`);
  }
  for (const dir of ['test/integration/runtime/meta', 'test/integration/runtime/step_0/input']) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'part.csv'), 'a,b\n1,2\n');
  }
  return root;
}

/** A clean pipeline spec of `n` nodes in a chain with side branches (names match along edges), about 430 bytes a node. */
export function pipelineSpec(n: number): string {
  const lines = ['# generated benchmark pipeline', 'dag:', '  nodes:'];
  for (let i = 0; i < n; i++) lines.push(`    - Step${i}_training`);
  lines.push('  edges:');
  for (let i = 1; i < n; i++) lines.push(`    - [Step${i % 7 === 0 ? i - 7 : i - 1}_training, Step${i}_training]`);
  lines.push('script_specs:');
  for (let i = 0; i < n; i++) {
    lines.push(
      `  Step${i}_training:`,
      `    script_name: step_${i}`,
      `    step_name: Step${i}_training`,
      '    input_paths:',
      `      processed_data: test/integration/runtime/step_${i === 0 ? '0/input' : `${i % 7 === 0 ? i - 7 : i - 1}/output`}`,
      `      METADATA: test/integration/runtime/meta`,
      '    output_paths:',
      `      processed_data: test/integration/runtime/step_${i}/output`,
      '    environ_vars:',
      '      LABEL_FIELD: label',
      '      TRAIN_RATIO: "0.7"',
      '    job_args:',
      '      job_type: training',
    );
  }
  return lines.join('\n') + '\n';
}
