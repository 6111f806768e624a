/**
 * Every process a run started, found by walking /proc, and a kill that leaves none of them behind.
 *
 * A script's process is started in a session of its own; its descendants are the processes whose parent is one
 * of ours, or that share a session or process group with one of ours (children of a child that exited), or that
 * carry the run's token in their environment (a child that called `setsid` and double-forked, so neither its
 * parent nor its session leads back to us). Each process is remembered with its start time, so a pid the
 * system reuses for somebody else's process is never touched. The kill (killAll) never freezes a process: see there.
 */
import { readdirSync, readFileSync } from 'node:fs';

export const RUN_TOKEN_VAR = 'CURSUS_LSP_RUN_TOKEN';

export interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  /** Start time in clock ticks after boot: with the pid, a process's identity. */
  start: number;
  state: string;
  /** The command line (or the name when the command line cannot be read). */
  command: string;
}

export interface KillOutcome {
  /** Processes that were alive and are now gone. */
  killed: ProcInfo[];
  /** Processes that were still alive after every attempt (with the reason when one is known). */
  survivors: ProcInfo[];
}

/** Whether this system lets us see processes through /proc (Linux); elsewhere only process groups are killed. */
export const canScan = (() => {
  try {
    return readdirSync('/proc').some((n) => /^\d+$/.test(n)) && readStat(process.pid) !== undefined;
  } catch {
    return false;
  }
})();

/** The processes of one run, started from `rootPid`. */
export class ProcessTree {
  private readonly known = new Map<number, ProcInfo>();
  private readonly firstTick: number;
  /** Processes whose environment was read and holds no token (read once: it is set at exec, before we look). */
  private readonly tokenless = new Set<string>();

  constructor(readonly rootPid: number, readonly token: string) {
    const root = readStat(rootPid);
    if (root) this.known.set(rootPid, root);
    this.firstTick = root?.start ?? 0;
  }

  /** Adds processes that something else (the harness) saw among the run's descendants. */
  adopt(list: { pid: number; start: number }[]): void {
    for (const p of list) {
      const info = readStat(p.pid);
      if (info && info.start === p.start && !this.known.has(p.pid)) this.known.set(p.pid, info);
    }
  }

  /** Looks at every process once and adds the run's new ones; returns how many were added. */
  scan(): number {
    if (!canScan) return 0;
    const all: ProcInfo[] = [];
    for (const name of safeReaddir('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const info = readStat(Number(name));
      if (info) all.push(info);
    }
    const current = new Map(all.map((p) => [p.pid, p]));
    // Forget a remembered pid that now belongs to another process (same pid, other start time).
    for (const [pid, info] of this.known) {
      const now = current.get(pid);
      if (now && now.start !== info.start) this.known.delete(pid);
    }
    let added = 0;
    const candidates = all.filter((p) => p.start >= this.firstTick && !this.known.has(p.pid));
    for (let changed = true; changed; ) {
      changed = false;
      const sessions = new Set([...this.known.values()].map((p) => p.sid));
      const groups = new Set([...this.known.values()].map((p) => p.pgid));
      for (const p of candidates) {
        if (this.known.has(p.pid)) continue;
        const ours = this.known.has(p.ppid) || sessions.has(p.sid) || groups.has(p.pgid) || this.carriesToken(p);
        if (!ours) continue;
        this.known.set(p.pid, p);
        added++;
        changed = true;
      }
    }
    return added;
  }

  private carriesToken(p: ProcInfo): boolean {
    const id = `${p.pid}:${p.start}`;
    if (this.tokenless.has(id)) return false;
    if (hasToken(p.pid, this.token)) return true;
    this.tokenless.add(id);
    return false;
  }

  /** The run's processes still alive (zombies are dead: they only wait to be reaped). */
  alive(): ProcInfo[] {
    const out: ProcInfo[] = [];
    for (const info of this.known.values()) {
      const now = readStat(info.pid);
      if (now && now.start === info.start && now.state !== 'Z' && now.state !== 'X') out.push({ ...info, state: now.state });
    }
    return out;
  }

  /** Alive processes other than the root: what a script left running. */
  leftovers(): ProcInfo[] {
    return this.alive().filter((p) => p.pid !== this.rootPid);
  }

  /**
   * Kills every process of the run; synchronous, so it also works while this process exits. Nothing is ever
   * frozen (SIGSTOP): a process frozen by a kill that is itself killed half-way (an editor SIGKILLs the server while
   * it exits) would stay stopped for ever. Instead:
   * - first the processes outside the run's own process group (a child that called setsid, and what it started):
   *   until the group goes, the harness that leads it is there to kill them should this process die meanwhile
   *   (it is their subreaper and hears of our death from the kernel);
   * - then the run's own group, with one signal: the kernel delivers a group kill atomically, so no process of
   *   the group can fork its way out of it;
   * - then, round after round until none is left, the groups led by processes of the run and every process of
   *   the run, found again by each scan (by parent, session, group or run token): a child forked meanwhile keeps
   *   its parent's session, group and environment, so the next scan finds it.
   */
  killAll(): KillOutcome {
    if (!canScan) {
      killGroup(this.rootPid);
      return { killed: [], survivors: [] };
    }
    const seen = new Map<number, ProcInfo>();
    const note = (list: ProcInfo[]) => {
      for (const p of list) if (!seen.has(p.pid)) seen.set(p.pid, { ...p, command: describe(p) });
    };
    // Who is there before the group kill, so the outcome can name them.
    this.scan();
    const before = this.alive();
    note(before);
    const rootGroup = readStat(this.rootPid)?.pgid ?? this.rootPid;
    this.killProcesses(before.filter((p) => p.pgid !== rootGroup));
    this.killOwnGroup(this.rootPid);
    for (let round = 0; round < 100; round++) {
      this.scan();
      const alive = this.alive();
      note(alive);
      if (alive.length === 0) break;
      this.killProcesses(alive);
      sleepSync(round < 5 ? 2 : 10);
    }
    const left = new Set(this.alive().map((p) => p.pid));
    return { killed: [...seen.values()].filter((p) => !left.has(p.pid)), survivors: [...seen.values()].filter((p) => left.has(p.pid)) };
  }

  /** Kills the groups `list` is in (those led by processes of the run), then each process of `list` still there. */
  private killProcesses(list: ProcInfo[]): void {
    for (const g of new Set(list.map((p) => p.pgid))) this.killOwnGroup(g);
    for (const p of list) {
      const now = readStat(p.pid);
      if (!now || now.start !== p.start) continue;
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // Gone already, or not ours to signal: the final look says which.
      }
    }
  }

  /**
   * Kills process group `pgid` when its leader is a process of the run: alive with the start time we know, or gone
   * (a group's id is not given to a new process while the group has members). Never this process's own group.
   */
  private killOwnGroup(pgid: number): void {
    if (pgid <= 1 || pgid === ownGroup) return;
    const leader = this.known.get(pgid);
    if (!leader) return;
    const now = readStat(pgid);
    if (now && now.start !== leader.start) return;
    killGroup(pgid);
  }
}

/** This process's own group, never killed: a run's processes are in groups of their own. */
const ownGroup = canScan ? (readStat(process.pid)?.pgid ?? -1) : -1;

/** Kills the process group a detached child leads (the best we can do where /proc cannot be read). */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // No such group any more.
  }
}

export function readStat(pid: number): ProcInfo | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The name is in parentheses and may itself hold spaces and parentheses: the fields start after the last ')'.
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const name = text.slice(text.indexOf('(') + 1, close);
  const f = text.slice(close + 2).split(' ');
  // After the name: state(3) ppid(4) pgrp(5) session(6) ... starttime(22); f[0] is field 3.
  return { pid, state: f[0], ppid: Number(f[1]), pgid: Number(f[2]), sid: Number(f[3]), start: Number(f[19]), command: name };
}

/** A process's command line for reports (its name when the command line is gone). */
export function describe(p: ProcInfo): string {
  let cmd = p.command;
  try {
    const raw = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
    // Programs and scripts by their file name: the folders they live in only make the report unreadable.
    if (raw) cmd = raw.replace(/\0+$/, '').split('\0').map((a, i) => (i < 2 && a.startsWith('/') ? a.slice(a.lastIndexOf('/') + 1) : a)).join(' ');
  } catch {
    // Keep the name from stat.
  }
  return cmd.length > 80 ? `${cmd.slice(0, 79)}…` : cmd;
}

function hasToken(pid: number, token: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`${RUN_TOKEN_VAR}=${token}\0`);
  } catch {
    return false;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
