// `testata import FILE.jsonl`: streams the file into the import service with a progress bar on a terminal
// (plain progress lines otherwise) and prints each problem with its line and field.
import fs from 'node:fs';
import readline from 'node:readline';
import cliProgress from 'cli-progress';
import type { ImportProgress, ImportService } from '../services/import-service.ts';

export async function runImportCommand(
  importer: ImportService,
  file: string,
  options: { maxProblems: number },
): Promise<number> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    process.stderr.write(`Cannot read ${file}: no such file.\n`);
    return 2;
  }
  const reader = readline.createInterface({
    input: fs.createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  // The iterator must exist before the import awaits its transaction: readline emits lines as soon as the file
  // is read, and lines emitted before anyone iterates are lost (on PostgreSQL, a short file lost them all).
  const iterator = reader[Symbol.asyncIterator]();
  const lines: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
  const progress = createProgress(size);
  const startedAt = performance.now();
  const report = await importer.importArticles(lines, {
    onProgress: progress.update,
    maxProblems: options.maxProblems,
  });
  progress.stop();
  const seconds = (performance.now() - startedAt) / 1000;
  if (!report.committed) {
    process.stderr.write(`Import refused: nothing was written. ${report.problems.length} problem(s):\n`);
    for (const problem of report.problems) {
      process.stderr.write(`  ${file}:${problem.line}: ${problem.field}: ${problem.message}\n`);
    }
    return 1;
  }
  const rate = Math.round((report.created + report.updated + report.unchanged) / Math.max(seconds, 0.001));
  process.stdout.write(
    `Imported ${file}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged ` +
      `in ${seconds.toFixed(1)} s (${rate} articles/s).\n`,
  );
  if (report.scheduled > 0) {
    process.stdout.write(
      `${report.scheduled} article(s) marked published but dated in the future were stored as scheduled: ` +
        'each goes live at its publication time.\n',
    );
  }
  return 0;
}

function createProgress(totalBytes: number): { update: (progress: ImportProgress) => void; stop: () => void } {
  const startedAt = performance.now();
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'Importing [{bar}] {percentage}% | {lines} lines | {rate} articles/s | ETA {eta_formatted}',
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(totalBytes, 0, { lines: 0, rate: 0 });
    return {
      update: ({ lines, bytes }) => {
        const rate = Math.round(lines / Math.max((performance.now() - startedAt) / 1000, 0.001));
        bar.update(Math.min(bytes, totalBytes), { lines, rate });
      },
      stop: () => bar.stop(),
    };
  }
  let lastPrintAt = 0;
  return {
    update: ({ lines, bytes }) => {
      const now = performance.now();
      if (now - lastPrintAt < 2000 && bytes < totalBytes) return;
      lastPrintAt = now;
      const elapsed = (now - startedAt) / 1000;
      const rate = Math.round(lines / Math.max(elapsed, 0.001));
      const fraction = totalBytes > 0 ? bytes / totalBytes : 1;
      const eta = fraction > 0 ? Math.round(elapsed / fraction - elapsed) : 0;
      process.stderr.write(`import: ${lines} lines, ${Math.round(fraction * 100)}%, ${rate} articles/s, ETA ${eta}s\n`);
    },
    stop: () => {},
  };
}
