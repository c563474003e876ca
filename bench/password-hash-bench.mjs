// Times the argon2id hashing of staff passwords with the parameters the app uses (a sign-in costs one verify):
//   node bench/password-hash-bench.mjs [rounds]      (default 20)
// Run it on the server the site will use: the target is 50–100 ms per hash there.
import { fileURLToPath } from 'node:url';
import { hash, verify } from '@node-rs/argon2';
import { build } from 'esbuild';

// The app's parameters, built from its source each run so this never measures something else.
const outfile = fileURLToPath(new URL('../node_modules/.cache/testata/password-hasher-bench.mjs', import.meta.url));
await build({
  entryPoints: [fileURLToPath(new URL('../src/services/staff/password-hasher.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile,
  logLevel: 'silent',
});
const { passwordHashParameters } = await import(`${outfile}?${Date.now()}`);

const rounds = Number(process.argv[2] ?? 20);
const password = 'la redazione chiude alle due';
const stored = await hash(password, passwordHashParameters);
const timings = { hash: [], verify: [] };
for (let round = 0; round < rounds; round++) {
  let startedAt = performance.now();
  await hash(password, passwordHashParameters);
  timings.hash.push(performance.now() - startedAt);
  startedAt = performance.now();
  await verify(stored, password);
  timings.verify.push(performance.now() - startedAt);
}

const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];
const { memoryCost, timeCost, parallelism } = passwordHashParameters;
process.stdout.write(`argon2id m=${memoryCost} KiB, t=${timeCost}, p=${parallelism}; ${rounds} rounds\n`);
for (const [name, values] of Object.entries(timings)) {
  process.stdout.write(
    `${name.padEnd(7)} median ${percentile(values, 0.5).toFixed(1)} ms, p95 ${percentile(values, 0.95).toFixed(1)} ms (target 50–100 ms)\n`,
  );
}
