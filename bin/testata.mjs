#!/usr/bin/env node
// Entry point of the `testata` command. It bundles src/ into JavaScript with esbuild (a tenth of a second,
// and only when the sources changed), then runs it with plain Node: no loader hooks at run time,
// so the server starts faster and uses less memory than running the TypeScript through a loader.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(packageDir, 'node_modules', '.cache', 'testata');

// The app, and the worker scripts it finds beside itself: the search analyser's (src/storage/search-analysis-thread.ts)
// and the related articles' (src/services/related-articles-thread.ts).
const result = await build({
  ...bundleOptions,
  entryPoints: {
    main: path.join(packageDir, 'src', 'main.ts'),
    'search-analysis-worker': path.join(packageDir, 'src', 'storage', 'search-analysis-worker.ts'),
    'related-articles-worker': path.join(packageDir, 'src', 'services', 'related-articles-worker.ts'),
  },
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
});
const hash = createHash('sha256');
for (const output of result.outputFiles) hash.update(output.path).update(output.contents);
// A folder named by content and renamed into place whole, so processes starting together never read half-written files.
const bundleDir = path.join(outDir, hash.digest('hex').slice(0, 16));
if (!fs.existsSync(bundleDir)) {
  const partial = `${bundleDir}.${process.pid}.tmp`;
  fs.mkdirSync(partial, { recursive: true });
  for (const output of result.outputFiles)
    fs.writeFileSync(path.join(partial, path.basename(output.path)), output.contents);
  try {
    fs.renameSync(partial, bundleDir);
  } catch (error) {
    if (!fs.existsSync(bundleDir)) throw error;
    fs.rmSync(partial, { recursive: true, force: true }); // another process put the same files in place first
  }
}
const { main } = await import(pathToFileURL(path.join(bundleDir, 'main.mjs')).href);
process.exitCode = await main(process.argv.slice(2), process.env);
