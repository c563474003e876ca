// How much CPU work outside the benchmark shared the machine during a measurement (another engineer's tests, a
// build): CPU time of every process that is neither in the benchmark's own process tree nor a PostgreSQL backend
// of one of its databases, from /proc. Linux only; elsewhere every figure is undefined.
import fs from 'node:fs';

const ticksPerSecond = 100; // USER_HZ: 100 on every Linux architecture Node supports
const ownDatabasePrefix = 'testata_bench_';

function processes() {
  const result = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const rest = stat.slice(close + 2).split(' ');
      const cmdline = comm === 'postgres' ? fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ') : '';
      // utime + stime, plus cutime + cstime: the time of children already waited for (short-lived test workers).
      const ticks = Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
      result.set(Number(name), {
        comm,
        ppid: Number(rest[1]),
        ticks,
        ownTicks: Number(rest[11]) + Number(rest[12]),
        cmdline,
      });
    } catch {
      // exited while we looked
    }
  }
  return result;
}

/** A snapshot to pass to `foreignCpuSince`; undefined off Linux. */
export function snapshotCpu() {
  try {
    return { at: performance.now(), processes: processes() };
  } catch {
    return undefined;
  }
}

/**
 * CPU cores' worth of work done outside the benchmark since `before` (0.5 = half a core on average), and the
 * processes that did most of it. A process that both started and ended in between counts once its parent waited for it.
 */
export function foreignCpuSince(before) {
  const after = snapshotCpu();
  if (!before || !after) return undefined;
  const seconds = (after.at - before.at) / 1000;
  const isOurs = (snapshot, pid, seen = 0) => {
    const p = snapshot.processes.get(pid);
    if (!p || seen > 64) return false;
    if (pid === process.pid || p.cmdline.includes(ownDatabasePrefix)) return true;
    return p.ppid > 1 && isOurs(snapshot, p.ppid, seen + 1);
  };
  const foreign = new Map();
  const add = (name, ticks) => foreign.set(name, (foreign.get(name) ?? 0) + ticks);
  const nameOf = (p) =>
    p.comm === 'postgres' ? `postgres (${/postgres: \S+ \S+ (\S+)/.exec(p.cmdline)?.[1] ?? 'other'})` : p.comm;
  for (const [pid, p] of after.processes) {
    const delta = p.ticks - (before.processes.get(pid)?.ticks ?? 0);
    if (delta > 0 && !isOurs(after, pid)) add(nameOf(p), delta);
  }
  // A foreign process that ended in between reappears in its parent's cutime with all its time: take off what it
  // had used before the first snapshot. (Its parent may not have waited for it yet: then this undercounts a little.)
  for (const [pid, p] of before.processes)
    if (!after.processes.has(pid) && !isOurs(before, pid)) add(nameOf(p), -p.ownTicks);
  const foreignTicks = Math.max(
    0,
    [...foreign.values()].reduce((a, b) => a + b, 0),
  );
  const cores = (ticks) => Math.round((100 * ticks) / ticksPerSecond / Math.max(seconds, 0.001)) / 100;
  return {
    cores: cores(foreignTicks),
    top: [...foreign]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([name, ticks]) => ({ name, cores: cores(ticks) }))
      .filter((t) => t.cores >= 0.01),
  };
}
