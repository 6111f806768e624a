/** P301: an output folder that is, holds, or sits inside one of the same script's inputs. */
import { overlaps, specsOf, isContainerPath } from './helpers.js';
import type { Rule } from './rule.js';

export const outputOverlapsInput: Rule = {
  meta: {
    code: 'P301',
    name: 'output-overlaps-input',
    severity: 'error',
    fixable: false,
    reads: ['inputs', 'outputs'],
    scope: 'spec',
    docs: {
      summary: "An output path equal to, inside, or containing one of the same spec's input paths.",
      why: 'The script would write into its own input data (or read what it is writing), corrupting the test data and making runs depend on the previous run.',
      bad: 'input_paths:\n  DATA: test/data\noutput_paths:\n  processed_data: test/data/processed\n',
      good: 'input_paths:\n  DATA: test/data\noutput_paths:\n  processed_data: test/output/processed\n',
    },
  },
  check(ctx) {
    for (const { spec } of specsOf(ctx)) {
      for (const out of spec.outputs) {
        if (!out.path || isContainerPath(out.path.value)) continue;
        const clash = spec.inputs.find((i) => i.path && !isContainerPath(i.path.value) && overlaps(i.path.value, out.path!.value));
        if (!clash?.path) continue;
        ctx.report({
          span: out.path.span,
          message: `Output '${out.key.name}' ('${out.path.value}') overlaps input '${clash.key.name}' ('${clash.path.value}'): the script would write into its own inputs. Give the output its own folder.`,
          related: [{ file: '', span: clash.path.span, message: `input '${clash.key.name}'` }],
        });
      }
    }
  },
};
