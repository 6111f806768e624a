/** Random texts for property tests: pieces that matter to YAML, JSON and our schema, and arbitrary strings. */
import fc from 'fast-check';

/** Pieces that matter to YAML, JSON and our schema, so random texts reach deep into the readers. */
export const PIECES = [
  'dag', 'nodes', 'edges', 'script_specs', 'script_name', 'step_name', 'input_paths', 'output_paths', 'environ_vars', 'job_args', 'pipeline_spec',
  'from', 'to', 'a', 'b', 'DATA', 'yes', 'off', '017', '0o17', '1e3', '12:30', '2024-01-01', '~', 'null', '"', "'", ':', ': ', '- ', '-', ',', '[', ']', '{', '}',
  '\n', '\n  ', '\n    ', '  ', '\t', '#', '# cursus-lsp: ignore[C207]', '&x ', '*x', '<<: ', '<<: *x', '!!str ', '|', '>-', '---', '...', '%YAML 1.1',
  '\\', '\u00e9', '\ud83d\ude00', '\ud800', '\ufeff', '\u0000', '\r\n', '\r',
];

export const structured = fc.array(fc.constantFrom(...PIECES), { maxLength: 80 }).map((parts) => parts.join(''));
export const anyText = fc.oneof(structured, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme-composite', maxLength: 120 }));
