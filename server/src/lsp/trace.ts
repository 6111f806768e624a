/**
 * CURSUS_LSP_TRACE=1: a line on stderr at each stage of the server's work (`cursus-lsp-trace <stage> <version>
 * <microseconds of the monotonic clock>`), for the bench's breakdowns of a keystroke and of the first open.
 * Stages of the start-up carry version 0.
 */
export const tracing = Boolean(process.env.CURSUS_LSP_TRACE);

export function traceStage(stage: string, version = 0): void {
  if (tracing) process.stderr.write(`cursus-lsp-trace ${stage} ${version} ${process.hrtime.bigint() / 1000n}\n`);
}
