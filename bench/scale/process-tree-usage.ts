// The memory and CPU time a command uses, with all its descendants, read from Linux's /proc.
import { readdirSync, readFileSync } from "node:fs";

/** One reading of a process tree. */
export interface TreeSample {
  /** When, in ms since the epoch. */
  readonly time: number;
  /** The summed proportional set size of the tree, in bytes. */
  readonly bytes: number;
  /**
   * The CPU seconds the tree has used so far: its processes' own user and system time plus
   * that of their children already reaped, which have left the tree; so each second counts once.
   */
  readonly cpuSeconds: number;
}

const clockTicksPerSecond = 100;

/** The fields of /proc/<pid>/stat from the third (state) on, or undefined when the process is gone. */
function statFields(pid: number): string[] | undefined {
  try {
    // The command name (field 2) is in parentheses and may hold spaces: read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields === undefined ? undefined : Number(fields[1]);
}

/** utime + stime + cutime + cstime (fields 14 to 17), in seconds. */
function cpuSecondsOf(pid: number): number {
  const fields = statFields(pid);
  if (fields === undefined) return 0;
  return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / clockTicksPerSecond;
}

/**
 * The proportional set size of a process: its private pages plus its share of pages it
 * shares (node's own code, the same library mapped by two workers). Summed over a tree it
 * counts each page once, where a sum of RSS would count shared pages once per process.
 */
function pssBytes(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Sums the PSS and the CPU time of a process tree, reading /proc. A process's parent is read once, when its
 * pid first shows up, so that a reading costs one directory listing plus two files per
 * process of the tree: the sampler must not take the CPU from the build it measures.
 */
export function treeSampler(rootPid: number): () => TreeSample {
  const parents = new Map<number, number | undefined>();
  return () => {
    const children = new Map<number, number[]>();
    const alive = new Set<number>();
    for (const entry of readdirSync("/proc")) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      alive.add(pid);
      if (!parents.has(pid)) parents.set(pid, parentOf(pid));
      const parent = parents.get(pid);
      if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
    }
    // A pid may be reused by a later, unrelated process: forget the ones that are gone.
    for (const pid of parents.keys()) if (!alive.has(pid)) parents.delete(pid);
    let bytes = 0;
    let cpuSeconds = 0;
    const pending = [rootPid];
    while (pending.length > 0) {
      const pid = pending.pop() as number;
      bytes += pssBytes(pid);
      cpuSeconds += cpuSecondsOf(pid);
      pending.push(...(children.get(pid) ?? []));
    }
    return { time: Date.now(), bytes, cpuSeconds };
  };
}
