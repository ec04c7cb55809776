/**
 * Where the CPU goes: the network's processes (from their pid files in
 * $BOND_NETWORK_HOME/pids) read from /proc/<pid>/stat, and the load
 * generator's own use, over a scenario. Linux only; elsewhere nothing is
 * reported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
  /** CPU seconds so far by process name (peer0-bank, orderer1, gateway-csd, …). */
  processes: Map<string, number>;
  self: NodeJS.CpuUsage;
  at: number;
}

/** Process kind of a pid file's name: peer0-bank → peer, orderer2 → orderer, gateway-csd → gateway. */
export function kindOf(name: string): string {
  if (/^orderer\d*$/.test(name)) return 'orderer';
  if (name.startsWith('peer')) return 'peer';
  return name.split('-')[0] ?? name;
}

function cpuSecondsOf(pid: string): number | undefined {
  try {
    // Fields after the command (which may hold spaces) start after the last ')': utime and stime are the 12th and 13th of them.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export function snapshot(pidDir: string): CpuSnapshot {
  const processes = new Map<string, number>();
  let names: string[] = [];
  try {
    names = readdirSync(pidDir).filter((n) => n.endsWith('.pid'));
  } catch {
    // no pid directory: report the load generator only
  }
  for (const file of names) {
    const pid = readFileSync(path.join(pidDir, file), 'utf8').trim();
    const seconds = /^\d+$/.test(pid) ? cpuSecondsOf(pid) : undefined;
    if (seconds !== undefined) processes.set(file.slice(0, -'.pid'.length), seconds);
  }
  return { processes, self: process.cpuUsage(), at: performance.now() };
}

export interface CpuUse {
  /** Wall seconds between the snapshots. */
  seconds: number;
  /** CPU seconds per process kind, and 'load-generator' for this process. */
  byKind: Record<string, number>;
  /** All of it over the wall time: 2.0 = both cores of this machine busy. */
  cores: number;
}

export function cpuBetween(start: CpuSnapshot, end: CpuSnapshot): CpuUse {
  const byKind: Record<string, number> = {};
  for (const [name, seconds] of end.processes) {
    const before = start.processes.get(name);
    if (before === undefined) continue;
    const kind = kindOf(name);
    byKind[kind] = (byKind[kind] ?? 0) + (seconds - before);
  }
  byKind['load-generator'] = (end.self.user + end.self.system - start.self.user - start.self.system) / 1e6;
  return cpuUse((end.at - start.at) / 1000, byKind);
}

/** CPU seconds by kind over `seconds` of wall time, rounded to 10 ms. */
export function cpuUse(seconds: number, byKind: Record<string, number>): CpuUse {
  const round = (n: number) => Math.round(n * 100) / 100;
  const total = Object.values(byKind).reduce((a, b) => a + b, 0);
  return {
    seconds: round(seconds),
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, round(v)])),
    cores: seconds > 0 ? round(total / seconds) : 0,
  };
}
