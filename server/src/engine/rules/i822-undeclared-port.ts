/** I822: The script reads `input_paths["X"]` or `output_paths["X"]` for a port the interface does not declare (in the base or any variant). Found by the script checks of step interfaces (interface-script-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceUndeclaredPort: Rule = {
  meta: {
    code: 'I822',
    name: 'interface-undeclared-port',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'The script reads `input_paths["X"]` or `output_paths["X"]` for a port the interface does not declare (in the base or any variant). Reported on `contract.inputs`/`outputs`, with the script line.',
      why: 'Cursus provides only declared ports: the read raises KeyError in the pipeline (check_script\'s `undeclared_input_path`/`undeclared_output_path`).',
      bad: '# script: input_paths["METADATA"]\ncontract:\n  inputs:\n    DATA: {path: /opt/ml/processing/input/data}\n',
      good: 'contract:\n  inputs:\n    DATA: {path: /opt/ml/processing/input/data}\n    METADATA: {path: /opt/ml/processing/input/metadata}\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I822');
  },
};
