/** The subcommands of `cursus-lint`, and which one an argument list asks for (`check` when the first is none). */
export const COMMANDS = new Set(['deps', 'check', 'explain', 'generate', 'contracts', 'match', 'graph', 'run', 'init', 'help']);

export function commandOf(argv: readonly string[]): string {
  const first = argv[0];
  return first !== undefined && COMMANDS.has(first) ? first : 'check';
}
