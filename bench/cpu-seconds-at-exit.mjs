// Preloaded into a timed child (`node --import`): as it exits, the CPU time it used (every thread, ended
// ones included) goes to stderr, where the benchmark reads it.
import fs from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  fs.writeSync(2, `\nbench-cpu-seconds: ${(user + system) / 1e6}\n`);
});
