// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions and the packages/files with the most
// self time. Also usable alone: `node bench/cpu-profile-summary.mjs FILE.cpuprofile [top]`.
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function summariseCpuProfile(file, top = 15) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodesById = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++)
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(deltas[i] ?? 0, 0));
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idleUs = [...selfUs]
    .filter(([id]) => nodesById.get(id)?.callFrame.functionName === '(idle)')
    .reduce((a, [, us]) => a + us, 0);
  const byFunction = new Map();
  const byModule = new Map();
  const mapFrame = sourceMapper();
  for (const [id, us] of selfUs) {
    const frame = mapFrame(nodesById.get(id)?.callFrame);
    if (!frame || frame.functionName === '(idle)') continue;
    const where = shortLocation(frame.url);
    const line = frame.bundleLine ? ` (bundle line ${frame.bundleLine})` : frame.url ? `:${frame.lineNumber + 1}` : '';
    const fnKey = `${frame.functionName || '(anonymous)'}  ${where}${line}`;
    byFunction.set(fnKey, (byFunction.get(fnKey) ?? 0) + us);
    const moduleKey = moduleOf(frame);
    byModule.set(moduleKey, (byModule.get(moduleKey) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        selfMs: Math.round(us / 1000),
        percentOfBusy: Math.round((1000 * us) / Math.max(busyUs, 1)) / 10,
      }));
  return {
    file,
    totalMs: Math.round(totalUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    topFunctions: rank(byFunction),
    topModules: rank(byModule),
  };
}

/**
 * The app runs as an esbuild bundle with an inline source map; frames in it are mapped back to src/ files
 * and lines so that the tables name our modules rather than one big bundle.
 */
function sourceMapper() {
  const maps = new Map();
  const mapOf = (url) => {
    if (!maps.has(url)) {
      let map = null;
      try {
        const text = fs.readFileSync(new URL(url), 'utf8');
        const inline = /\/\/# sourceMappingURL=data:application\/json;(?:charset=[^;]+;)?base64,(\S+)\s*$/.exec(text);
        if (inline) map = new SourceMap(JSON.parse(Buffer.from(inline[1], 'base64').toString('utf8')));
        else map = { modules: esbuildModuleStarts(text) };
      } catch {
        map = null;
      }
      maps.set(url, map);
    }
    return maps.get(url);
  };
  return (frame) => {
    if (
      !frame?.url?.startsWith('file://') ||
      (frame.url.includes('/node_modules/') && !frame.url.includes('/node_modules/.cache/'))
    )
      return frame;
    const map = mapOf(frame.url);
    if (map?.modules) {
      const module = moduleAtLine(map.modules, frame.lineNumber + 1);
      return module
        ? {
            ...frame,
            url: `${frame.url.slice(0, frame.url.indexOf('/node_modules/'))}/${module}`,
            lineNumber: -1,
            bundleLine: frame.lineNumber + 1,
          }
        : frame;
    }
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry?.originalSource) return frame;
    // esbuild writes sources relative to the working directory it ran in, not to the bundle's cache folder.
    const source = new URL(entry.originalSource, frame.url).href.replace(/\/node_modules\/\.cache\/.*\//, '/');
    return { ...frame, url: source, lineNumber: entry.originalLine };
  };
}

/**
 * Without a source map (bin/testata.mjs bundles with `sourcemap: false`), esbuild's own comments still say where
 * each module starts (`// src/services/x.ts`): sorted [line, module] pairs, 1-based lines.
 */
function esbuildModuleStarts(text) {
  const starts = [];
  let line = 1;
  for (let i = 0; i < text.length; i = text.indexOf('\n', i) + 1 || text.length, line++) {
    if (text.startsWith('// src/', i)) starts.push([line, text.slice(i + 3, text.indexOf('\n', i)).trim()]);
  }
  return starts;
}

function moduleAtLine(starts, line) {
  let found;
  for (const [start, module] of starts) {
    if (start > line) break;
    found = module;
  }
  return found;
}

function shortLocation(url) {
  if (!url) return '';
  const clean = url.replace(/^file:\/\//, '');
  const nodeModules = clean.lastIndexOf('/node_modules/');
  if (nodeModules >= 0) return clean.slice(nodeModules + '/node_modules/'.length);
  const src = clean.indexOf('/src/');
  if (src >= 0) return clean.slice(src + 1);
  return clean.startsWith('node:') ? clean : path.basename(clean);
}

/** A package name, a file of ours, a node: builtin, or V8's own buckets ((garbage collector), (program)). */
function moduleOf(frame) {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native / V8 builtins)';
  const clean = url.replace(/^file:\/\//, '');
  const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(clean);
  if (match) return `npm:${match[1]}`;
  if (clean.startsWith('node:')) return clean;
  const src = clean.indexOf('/src/');
  return src >= 0 ? clean.slice(src + 1) : path.basename(clean);
}

export function formatCpuProfileSummary(summary, title) {
  const lines = [
    `#### ${title}`,
    '',
    `Profile \`${summary.file}\`: ${summary.busyMs} ms busy of ${summary.totalMs} ms sampled.`,
    '',
  ];
  lines.push('| self ms | % busy | function | ', '|---:|---:|---|');
  for (const row of summary.topFunctions)
    lines.push(`| ${row.selfMs} | ${row.percentOfBusy} | \`${row.name.replace(/\|/g, '\\|')}\` |`);
  lines.push('', '| self ms | % busy | package / file |', '|---:|---:|---|');
  for (const row of summary.topModules) lines.push(`| ${row.selfMs} | ${row.percentOfBusy} | \`${row.name}\` |`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node bench/cpu-profile-summary.mjs FILE.cpuprofile [top=15]\n');
    process.exit(2);
  }
  process.stdout.write(
    `${formatCpuProfileSummary(summariseCpuProfile(file, Number(top ?? 15)), path.basename(file))}\n`,
  );
}
