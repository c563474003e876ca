// Preloaded into a timed child (`node --import`): as it exits, the CPU time it used (every thread, ended
// ones included) goes to stderr, where the benchmark reads it; on Linux, also its main thread's alone.
import fs from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  fs.writeSync(2, `\nbench-cpu-seconds: ${(user + system) / 1e6}\n`);
  const mainThread = mainThreadCpuSeconds();
  if (mainThread !== undefined) fs.writeSync(2, `bench-main-thread-cpu-seconds: ${mainThread}\n`);
});

/**
 * The CPU time of the calling (main) thread, from /proc/thread-self/stat: user and system time, fields 14 and
 * 15, counted in clock ticks of 1/100 s (USER_HZ on Linux). Undefined elsewhere.
 */
function mainThreadCpuSeconds() {
  let stat;
  try {
    stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // The command name, in parentheses, may hold spaces: the fields that follow start after its last ") ".
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
