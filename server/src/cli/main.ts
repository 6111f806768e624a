/**
 * The `cursus-lint` entry: argv to a subcommand; every failure becomes a message and exit code 2. Each
 * subcommand's code is loaded when it is asked for, so a command pays only for what it uses (a fully cached
 * `run` starts in a fraction of the time the whole engine takes to load).
 */
import { createRequire } from 'node:module';
import { commandOf } from './commands.js';
import { UsageError } from './errors.js';
import type { MatchIO } from './match.js';
import { installYamlEnv } from '../workspace/yaml-env.js';
import { defaultIO } from './io.js';

// For bin/cursus-lint.cjs (code-cache.ts): capturing a run to remember it.
export { captureRun, takeRunCapture } from './run-output.js';

export const USAGE = `Usage: cursus-lint [check] [paths..] [options]
       cursus-lint explain [CODE]
       cursus-lint contracts [root] [--json] [--execute] [--python PATH]
       cursus-lint match A B [--explain] [--json] [--threshold T]
       cursus-lint match --stdin            (a<TAB>b lines in, one JSON object a line out)
       cursus-lint match --resolver PROVIDER.OUTPUT CONSUMER.DEPENDENCY [--json]
                                            (Cursus 2.9's dependency-resolver score, with its parts)
       cursus-lint graph FILE [--format mermaid|dot]
       cursus-lint run SPEC [--node N] [--edge SRC->DST] [--jobs N] [--timeout S]
                       [--format text|json|junit|html] [--out FILE] [--python PATH] [--no-cache] [--verbose]
       cursus-lint deps [SPEC|DAG] [--python PATH] [--json]   (pip requirements of the scripts)
       cursus-lint init DAG [--config PIPELINE_CONFIG.json] [--out FILE] [--force]
                                            (write a runnable pipeline spec from a DAG)
       cursus-lint generate --write | --check [ROOT]   (regenerate schemas/ and rule docs)

Check options:
  -f, --format FORMAT    stylish (default), json, sarif, github or junit
      --fix              apply safe fixes to the files (edited in place)
      --unsafe-fixes     also apply fixes that need review (implies --fix)
  -c, --config FILE      use this configuration file (.cursus-lsp.yaml or pyproject.toml)
      --python PATH      Python interpreter for executed checks
      --max-warnings N   exit 1 when there are more than N warnings
  -q, --quiet            report errors only
      --no-cache         neither use nor write the findings kept in .cursus-runs/check-cache.json

Exit codes: 0 no errors, 1 findings, 2 usage or internal error.
`;

export async function main(argv: string[], io: MatchIO = defaultIO()): Promise<number> {
  installYamlEnv();
  try {
    const [first, ...rest] = argv;
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    if (first === '--version' || first === '-v') {
      io.stdout(`${await version()}\n`);
      return 0;
    }
    const command = commandOf(argv);
    const args = command === first ? rest : argv;
    switch (command) {
      case 'explain':
        io.stdout((await import('./explain.js')).explain(args[0]));
        return 0;
      case 'match':
        return await (await import('./match.js')).runMatch(args, io);
      case 'run':
        return await (await import('./run.js')).runRun(args, io);
      case 'deps':
        return await (await import('./deps.js')).runDeps(args, io);
      case 'init':
        return (await import('./init.js')).runInit(args, io);
      case 'graph':
        return (await import('./graph.js')).runGraph(args, io);
      case 'contracts':
        return await (await import('./contracts.js')).runContracts(args, io);
      case 'generate':
        return (await import('./generate.js')).runGenerate(args, io.stdout);
      default:
        return await (await import('./check.js')).runCheck(args, io);
    }
  } catch (err) {
    if (err instanceof UsageError || isConfigError(err) || isParseArgsError(err)) {
      io.stderr(`cursus-lint: ${(err as Error).message}\n${isParseArgsError(err) ? "Run 'cursus-lint --help' for usage.\n" : ''}`);
      return 2;
    }
    io.stderr(`cursus-lint: internal error: ${(err as Error).message}\nThis is a bug in cursus-lint; please report it with the command you ran.\n`);
    if (process.env.CURSUS_LSP_DEBUG) io.stderr(`${(err as Error).stack}\n`);
    return 2;
  }
}

/** A ConfigError (workspace/config.ts), told by name so that this entry does not load the configuration code. */
function isConfigError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConfigError';
}

function isParseArgsError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

async function version(): Promise<string> {
  const pkg = createRequire(import.meta.url)('../../../../package.json') as { version: string };
  return pkg.version;
}
