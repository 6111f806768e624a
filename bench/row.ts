/** One line of docs/benchmarks.md: a figure, its target and whether it is met, and the peer's figure. */
export interface BenchRow {
  what: string;
  result: string;
  target?: string;
  met?: boolean;
  peer?: string;
  note: string;
}
