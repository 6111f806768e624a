/**
 * How far V8 lets the heap grow past what is live while the CLI checks a big file. After each full collection V8
 * sets the next one's threshold at the live size times a growing factor it picks from how fast the program
 * allocates against how fast it collects: for a batch job such as a check, up to 4. A 40,000-node pipeline's
 * tree, models and findings (about 260 MB live at the end of its checks) let the heap reach 550-600 MB before V8
 * collected anything, most of it garbage of the parse and the rules; the peak resident memory is that heap.
 *
 * While a file of CHUNKED_FROM or more is read and checked, the factor is fixed instead (node:v8's
 * setFlagsFromString; V8 reads the setting at each full collection, and 0 gives the choice back to V8):
 * - while it is parsed, at 1 + READING_PERCENT / 100: the tree grows steadily and the parse leaves little
 *   garbage in the old generation, so a looser factor saves collections and the heap stays below the checks';
 * - from its checks on, at 1 + CHECKING_PERCENT / 100, after a full collection (the parse's garbage gone): the
 *   live data is at its largest then, and what the rules leave behind is kept near it.
 * After the last big file's checks, one full collection drops its tree before the report is made. The cost is a
 * few more full collections (about a tenth of the check's time on the 40,000-node pipeline).
 */
import { setFlagsFromString } from 'node:v8';
import { v8Collector } from '../workspace/v8-collector.js';

/** The heap may grow by this share of what was live after the last full collection, while a big file is parsed. */
export const READING_PERCENT = 25;
/** The same while it is checked. */
export const CHECKING_PERCENT = 10;

export class HeapGrowth {
  private state: 'free' | 'reading' | 'checking' = 'free';

  /** A big file is being read: its parse gets the reading factor (unless its checks already run). */
  reading(): void {
    if (this.state !== 'free') return;
    this.state = 'reading';
    setGrowth(READING_PERCENT);
  }

  /** A big file's checks start: the parse's garbage is collected and the checking factor holds from here. */
  checking(): void {
    if (this.state === 'free') return;
    collect();
    if (this.state === 'checking') return;
    this.state = 'checking';
    setGrowth(CHECKING_PERCENT);
  }

  /** The checks are over: their trees are collected, and V8 chooses its factor again. */
  release(): void {
    if (this.state === 'free') return;
    this.state = 'free';
    setGrowth(0);
    collect();
  }
}

function setGrowth(percent: number): void {
  // A V8 that does not know the flag prints so on stderr (setFlagsFromString does not throw) and keeps its own
  // factor: more memory, same findings. Node 20's V8 knows it.
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/** A full collection now, where V8's collector can be reached; nothing otherwise. */
function collect(): void {
  void v8Collector()?.();
}
