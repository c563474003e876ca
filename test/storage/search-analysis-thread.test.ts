// The search analyser on a worker thread, run for real: the worker script bundled the way bin/testata.mjs
// bundles it, fed Italian text, and compared with the analysis on this thread.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleOptions } from '../../bin/bundle-options.mjs';
import {
  analysisThreadNice,
  threadedSearchAnalyser,
  type ThreadedSearchAnalyser,
} from '../../src/storage/search-analysis-thread.ts';
import { analyseInThisThread } from '../../src/storage/search-analysis.ts';
import type { SearchFieldsSource } from '../../src/storage/search-documents.ts';

let dir: string;
let workerUrl: URL;
const analysers: ThreadedSearchAnalyser[] = [];
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-analysis-'));
  await build({
    ...bundleOptions,
    write: true,
    entryPoints: {
      'search-analysis-worker': path.resolve(import.meta.dirname, '../../src/storage/search-analysis-worker.ts'),
    },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
  });
  workerUrl = pathToFileURL(path.join(dir, 'search-analysis-worker.mjs'));
});
afterAll(async () => {
  for (const analyser of analysers) await analyser.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const open = (url: URL) => {
  const analyser = threadedSearchAnalyser(url);
  analysers.push(analyser);
  return analyser;
};

const needs = { bodyText: true, termVector: true };

const sources = (count: number): SearchFieldsSource[] =>
  Array.from({ length: count }, (_, i) => ({
    title: `Le esercitazioni militari n. ${i} al confine`,
    standfirst: i % 2 ? "Perche' la città aspetta l'esercito" : '',
    extra: 'MOSCA Reuters TASS',
    bodyHtml: `<p>Il ministero della Difesa ha confermato ${i} manovre congiunte &amp; nuove banche.</p><p>Città, perché no?</p>`,
  }));

describe('search analysis on a worker thread', () => {
  test('gives the same fields as this thread, in the same order, for a batch big enough to go to the worker', async () => {
    const batch = sources(200);
    const fields = await open(workerUrl).analyse(batch, needs);
    expect(fields).toEqual(await analyseInThisThread(batch, needs));
    expect(fields[7]?.title).toBe('esercitazion militar 7 confin');
    expect(fields[7]?.termVector).toBeInstanceOf(Uint8Array);
    expect(fields[7]?.pairVector).toBeInstanceOf(Uint8Array);
    const [withoutVector] = await open(workerUrl).analyse(batch, { bodyText: true, termVector: false });
    expect(withoutVector).toEqual({ ...fields[0], termVector: undefined, pairVector: undefined });
  });

  test('answers batches sent together each with its own fields', async () => {
    const analyser = open(workerUrl);
    const [a, b] = await Promise.all([
      analyser.analyse(sources(60), needs),
      analyser.analyse(sources(90).slice(30), needs),
    ]);
    expect(a).toEqual(await analyseInThisThread(sources(60), needs));
    expect(b).toEqual(await analyseInThisThread(sources(90).slice(30), needs));
  });

  test('rejects the waiting batches when the worker dies, and starts a new one for the next batch', async () => {
    const broken = path.join(dir, 'broken-worker.mjs');
    fs.writeFileSync(broken, "throw new Error('the worker script is broken');\n");
    await expect(open(pathToFileURL(broken)).analyse(sources(60), needs)).rejects.toThrow(
      'the worker script is broken',
    );
    const analyser = open(workerUrl);
    await analyser.analyse(sources(60), needs);
    await analyser.close();
    expect(await analyser.analyse(sources(60), needs)).toEqual(await analyseInThisThread(sources(60), needs));
  });

  // /proc/self/task/<tid>/stat: the nice value is the 19th field, the 17th after the command's closing parenthesis.
  const niceOfThreads = () =>
    fs
      .readdirSync('/proc/self/task')
      .map((tid) => Number(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ')[16]));

  test.runIf(process.platform === 'linux')(
    'runs at a lower priority than the thread that sends it work, which keeps its own',
    async () => {
      expect(analysisThreadNice).toBeGreaterThan(0);
      const ownNice = os.getPriority(0);
      const niceThreadsBefore = niceOfThreads().filter((nice) => nice === analysisThreadNice).length;
      const analyser = open(workerUrl);
      await analyser.analyse(sources(60), needs);
      expect(niceOfThreads().filter((nice) => nice === analysisThreadNice)).toHaveLength(niceThreadsBefore + 1);
      expect(os.getPriority(0)).toBe(ownNice);
      await analyser.close();
      expect(niceOfThreads().filter((nice) => nice === analysisThreadNice)).toHaveLength(niceThreadsBefore);
    },
  );

  test('analyses on this thread where the worker script is not there (the sources run directly)', async () => {
    const fields = await open(pathToFileURL(path.join(dir, 'missing.mjs'))).analyse(sources(60), needs);
    expect(fields).toEqual(await analyseInThisThread(sources(60), needs));
  });
});
