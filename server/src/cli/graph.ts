/** `cursus-lint graph FILE --format mermaid|dot`: the DAG with each edge labelled by its match (the resolver's bindings between step interfaces). */
import { parseArgs } from 'node:util';
import { renderGraph, type GraphFormat } from '../engine/matching/graph.js';
import { viewOf } from '../engine/index.js';
import type { CliIO } from './check.js';
import { UsageError } from './errors.js';
import { Projects, readSpecArg } from './project.js';

export function runGraph(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: 'string', short: 'f', default: 'mermaid' }, config: { type: 'string', short: 'c' } },
  });
  const format = values.format as GraphFormat;
  if (format !== 'mermaid' && format !== 'dot') throw new UsageError(`Unknown --format '${values.format}' for graph. Use mermaid or dot.`);
  if (positionals.length !== 1) throw new UsageError('Usage: cursus-lint graph FILE [--format mermaid|dot]');
  const projects = new Projects(io.cwd, values.config);
  const { config, file } = readSpecArg(projects, io.cwd, positionals[0]);
  if (!file || (file.kind !== 'pipeline-spec' && file.kind !== 'runtime-config' && file.kind !== 'dag-file')) {
    throw new UsageError(`${positionals[0]} is not a pipeline spec or DAG file.`);
  }
  io.stdout(renderGraph(file.model, format, config.semanticThreshold, viewOf(projects.indexerFor(config).index())));
  return 0;
}
