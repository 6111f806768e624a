/** The bounds that keep reading any input cheap: no tree deeper than MAX_NESTING, no alias bomb. */

/** Collections nested deeper than this are cut (and reported); every later walk over the tree recurses at most this deep. */
export const MAX_NESTING = 256;

/** How many values YAML aliases may bring in, in total, before the rest are dropped (and reported). */
export const MAX_ALIAS_NODES = 100_000;

export function tooDeepMessage(format: 'YAML' | 'JSON', python: string): string {
  return `${format} nested more than ${MAX_NESTING} levels deep: cursus-lsp does not read deeper, and ${python} levels. Spec files need a few levels; flatten this value.`;
}
