/** The CLI's standard streams as its commands use them. */
import type { MatchIO } from './match.js';

export function defaultIO(): MatchIO {
  // A reader that goes away (`| head`) is not an error of ours: stop writing there and finish normally, so a
  // run still stops its scripts and writes its cache (exiting on EPIPE would leave them behind).
  const closed = { stdout: false, stderr: false };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      closed[name] = true;
    });
  }
  return {
    cwd: process.cwd(),
    stdout: (s) => void (closed.stdout || process.stdout.write(s)),
    stderr: (s) => void (closed.stderr || process.stderr.write(s)),
    tty: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
