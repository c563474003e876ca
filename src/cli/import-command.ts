// `testata import FILE.jsonl`: streams the file into the import service with a progress bar on a terminal
// (plain progress lines otherwise) and prints each problem with its line and field.
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import { ImportFileReadError, importFileProblem, readImportLines } from '../services/import-file-reader.ts';
import type { ImportProgress, ImportReport, ImportService } from '../services/import-service.ts';
import { storageFailureOf } from './storage-failure.ts';

export async function runImportCommand(
  importer: ImportService,
  file: string,
  options: { maxProblems: number; allowEmpty?: boolean },
): Promise<number> {
  const problem = importFileProblem(file);
  if (problem) {
    process.stderr.write(`Cannot import ${file}: ${problem}.\n`);
    return 2;
  }
  const progress = createProgress(fs.statSync(file).size);
  const startedAt = performance.now();
  let report: ImportReport;
  try {
    report = await importer.importArticles(readImportLines(file), {
      onProgress: progress.update,
      maxProblems: options.maxProblems,
    });
  } catch (error) {
    progress.stop();
    const reason = error instanceof ImportFileReadError ? error.message : storageFailureOf(error);
    if (reason === undefined) throw error;
    process.stderr.write(`Import failed: nothing was written. ${reason}\n`);
    return 1;
  }
  progress.stop();
  const seconds = (performance.now() - startedAt) / 1000;
  if (!report.committed) {
    process.stderr.write(`Import refused: nothing was written. ${report.problems.length} problem(s):\n`);
    for (const problem of report.problems) {
      process.stderr.write(`  ${file}:${problem.line}: ${problem.field}: ${problem.message}\n`);
    }
    return 1;
  }
  if (report.created + report.updated + report.unchanged === 0) {
    // An empty file is more often a failed export than an intended no-op.
    if (options.allowEmpty) {
      process.stderr.write(`Warning: no articles in ${file}; nothing was written.\n`);
      return 0;
    }
    process.stderr.write(
      `No articles in ${file}: it is empty or holds only blank lines; nothing was written (--allow-empty accepts it).\n`,
    );
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
