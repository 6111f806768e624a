/** The peer benchmark's rows: each figure with its target and yaml-language-server's figure beside it. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex } from '../server/src/engine/index.js';
import { contractProject, pipelineSpec } from './generate.js';
import { HEAD_START_MS, interleaved, median, p95, type Session } from './peer.js';
import type { BenchRow } from './row.js';
import { benchTempDir } from './temp.js';

const SESSIONS = Number(process.env.CURSUS_BENCH_SESSIONS ?? 3);

function emptyProject(): string {
  const root = benchTempDir('cursus-bench-plain-');
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "bench"\n');
  return root;
}

const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);

export async function peerBenchmarks(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const variants: { n: number; contracts: boolean }[] = [
    { n: 10, contracts: false },
    { n: 100, contracts: false },
    { n: 1000, contracts: false },
    { n: 1000, contracts: true },
  ];
  // `CURSUS_BENCH_LSP=n1000,n1000+c` measures only those variants.
  const chosen = process.env.CURSUS_BENCH_LSP?.split(',').map((x) => x.trim());
  for (const v of variants) {
    if (chosen && !chosen.includes(`n${v.n}${v.contracts ? '+c' : ''}`)) continue;
    const text = pipelineSpec(v.n);
    const root = v.contracts ? contractProject(1000) : emptyProject();
    const big = v.n === 1000;
    const r = await interleaved(root, text, new LineIndex(text), SESSIONS, { ours: big ? 25 : 15, peer: big ? 8 : 6 }, big);
    const label = `n${v.n}${v.contracts ? ' + 1,000 contracts' : ''}`;
    const all = (s: Session[], f: (x: Session) => number[]) => s.flatMap(f);
    const open = { ours: median(r.ours.map((s) => s.openMs)), peer: median(r.peer.map((s) => s.openMs)) };
    const edit = { ours: all(r.ours, (s) => s.editMs), peer: all(r.peer, (s) => s.editMs) };
    const tail = `${SESSIONS} sessions each, alternating`;
    rows.push({
      what: `LSP ${label}: open to first diagnostics (median of sessions)`,
      result: ms(open.ours),
      target: big && v.contracts ? '<= 1.0x peer' : undefined,
      met: big && v.contracts ? open.ours <= open.peer : undefined,
      peer: `${ms(open.peer)} (ratio ${(open.ours / open.peer).toFixed(2)})`,
      note: `${r.ours[0].diagnostics} findings (peer: ${r.peer[0].diagnostics}, schema only); ${tail}`,
    });
    if (big) {
      // What the open row leaves out: the server's own start before the editor's 400 ms head start. Work moved
      // before `initialize` (the read-ahead worker's warm-up) shows here.
      const init = { ours: median(r.ours.map((s) => s.initMs)), peer: median(r.peer.map((s) => s.initMs)) };
      const whole = { ours: median(r.ours.map((s) => s.startToFirstMs)), peer: median(r.peer.map((s) => s.startToFirstMs)) };
      rows.push({
        what: `LSP ${label}: server start to its answer to initialize, and to the first diagnostics (opened ${HEAD_START_MS} ms after initialize), medians`,
        result: `${ms(init.ours)} / ${ms(whole.ours)}`,
        peer: `${ms(init.peer)} / ${ms(whole.peer)} (ratio ${(whole.ours / whole.peer).toFixed(2)})`,
        note: `the same sessions as the row above`,
      });
    }
    rows.push({
      what: `LSP ${label}: typed character to diagnostics, median / p95`,
      result: `${ms(median(edit.ours))} / ${ms(p95(edit.ours))}`,
      target: big ? '<= 20 / 50 ms; ratio <= 0.05' : undefined,
      met: big ? median(edit.ours) <= 20 && p95(edit.ours) <= 50 : undefined,
      peer: `${ms(median(edit.peer))} / ${ms(p95(edit.peer))} (ratio ${(median(edit.ours) / median(edit.peer)).toFixed(3)})`,
      note: `${edit.ours.length} keystrokes (peer ${edit.peer.length}), each a new character, incremental sync`,
    });
    const completion = { ours: all(r.ours, (s) => s.completionMs), peer: all(r.peer, (s) => s.completionMs) };
    const hover = { ours: all(r.ours, (s) => s.hoverMs), peer: all(r.peer, (s) => s.hoverMs) };
    rows.push({
      what: `LSP ${label}: completion / hover, median`,
      result: `${ms(median(completion.ours))} / ${ms(median(hover.ours))}`,
      target: '<= 10 ms',
      met: median(completion.ours) <= 10 && median(hover.ours) <= 10,
      peer: `${ms(median(completion.peer))} / ${ms(median(hover.peer))}`,
      note: `${completion.ours.length} of each, after the typing`,
    });
    if (big) {
      const rss = { ours: Math.max(...r.ours.map((s) => s.rssAfterTypingMiB ?? 0)), peer: Math.max(...r.peer.map((s) => s.rssAfterTypingMiB ?? 0)) };
      const opened = { ours: median(r.ours.map((s) => s.rssAfterOpenMiB)), peer: median(r.peer.map((s) => s.rssAfterOpenMiB)) };
      rows.push({
        what: `LSP ${label}: resident memory after open, and after 300 more characters typed (15 ms apart)`,
        result: `${opened.ours.toFixed(0)} -> ${rss.ours.toFixed(0)} MiB`,
        target: '<= 150 MB after typing',
        met: rss.ours * 1.048576 <= 150,
        peer: `${opened.peer.toFixed(0)} -> ${rss.peer.toFixed(0)} MiB`,
        note: 'largest of the sessions',
      });
      const idle = { ours: Math.max(...r.ours.map((s) => s.rssIdleMiB ?? 0)), peer: Math.max(...r.peer.map((s) => s.rssIdleMiB ?? 0)) };
      rows.push({
        what: `LSP ${label}: resident memory 3 s after the typing stopped`,
        result: `${idle.ours.toFixed(0)} MiB`,
        peer: `${idle.peer.toFixed(0)} MiB`,
        note: 'largest of the sessions; the row above is the one with the target',
      });
    }
  }
  return rows;
}
