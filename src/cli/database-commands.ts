// `testata db copy|verify` and `testata backup`: validates locations, shows progress (a bar on a terminal,
// plain lines otherwise), and prints a per-table summary. Exit codes: 0 done, 1 failed or mismatch, 2 bad arguments.
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { databaseLocationForms, parseDatabaseLocation, withoutPassword } from '../domain/database-location.ts';
import { DomainError, ValidationError } from '../domain/errors.ts';
import type {
  DatabaseCopyProgress,
  DatabaseCopyReport,
  DatabaseCopyService,
  DatabaseLocation,
} from '../services/database-copy-service.ts';
import { exitTwoOnUsageErrors } from './usage-errors.ts';

export type DatabaseCommandsHost = {
  databaseCopy: DatabaseCopyService;
  setExitCode: (code: number) => void;
};

const maxBatchSize = 100_000;

export function registerDatabaseCommands(program: Command, host: DatabaseCommandsHost): void {
  const run = async (work: () => Promise<number>) => host.setExitCode(await work());

  const db = program
    .command('db')
    .description('copy a whole database between SQLite and PostgreSQL, or compare two')
    .exitOverride(exitTwoOnUsageErrors);

  db.command('copy')
    .description('copy every table into another database in one transaction, then verify row counts and checksums')
    .requiredOption('--from <location>', `the source: ${databaseLocationForms}`)
    .requiredOption('--to <location>', `the target (migrated first): ${databaseLocationForms}`)
    .option('--force', 'replace the content of a target that already holds rows (in the same transaction as the copy)')
    .option('--batch-size <rows>', 'rows read and written per batch', '1000')
    .addHelpText(
      'after',
      '\nThe target is migrated first; its content changes only if everything was copied and verified.\n' +
        'Exit codes: 0 copied and verified, 1 refused, failed or not equal (nothing written), 2 bad arguments.\n' +
        'Example: testata db copy --from sqlite:data/testata.db --to postgres://user@localhost/testata',
    )
    .action((options: { from: string; to: string; force?: boolean; batchSize: string }) =>
      run(async () => {
        const from = parseLocationOption('--from', options.from);
        const to = parseLocationOption('--to', options.to);
        const batchSize = parseBatchSize(options.batchSize);
        if (!from || !to || batchSize === undefined) return 2;
        const startedAt = performance.now();
        const progress = createProgress('db copy');
        try {
          const report = await host.databaseCopy.copyDatabase(from, to, {
            force: options.force ?? false,
            batchSize,
            onProgress: progress.update,
          });
          progress.stop();
          return printReport(report, `Copied ${describeLocation(from)} → ${describeLocation(to)}`, startedAt);
        } catch (error) {
          progress.stop();
          return reportFailure('db copy', error, 'nothing was written: the target is as it was');
        }
      }),
    );

  db.command('verify')
    .description('compare two databases table by table (row counts and checksums); writes to neither')
    .requiredOption('--from <location>', `one database: ${databaseLocationForms}`)
    .requiredOption('--to <location>', `the other: ${databaseLocationForms}`)
    .addHelpText('after', '\nExit codes: 0 equal, 1 different or failed, 2 bad arguments.')
    .action((options: { from: string; to: string }) =>
      run(async () => {
        const from = parseLocationOption('--from', options.from);
        const to = parseLocationOption('--to', options.to);
        if (!from || !to) return 2;
        const startedAt = performance.now();
        const progress = createProgress('db verify');
        try {
          const report = await host.databaseCopy.verifyDatabases(from, to, progress.update);
          progress.stop();
          return printReport(report, `Compared ${describeLocation(from)} with ${describeLocation(to)}`, startedAt);
        } catch (error) {
          progress.stop();
          return reportFailure('db verify', error);
        }
      }),
    );

  program
    .command('backup')
    .description(
      'SQLite: write a consistent copy of the live database file, safe while the server runs; PostgreSQL: print the pg_dump command to use (exit 2)',
    )
    .argument('<file>', 'the new backup file (must not exist yet)')
    .addHelpText(
      'after',
      '\nWith DATABASE_URL=postgres://… it copies nothing: it prints the pg_dump command to use and exits 2:\n' +
        '  pg_dump --format=custom --file=FILE "$DATABASE_URL"',
    )
    .exitOverride(exitTwoOnUsageErrors)
    .action((file: string) => run(() => runBackup(host.databaseCopy, file)));
}

async function runBackup(databaseCopy: DatabaseCopyService, file: string): Promise<number> {
  const startedAt = performance.now();
  try {
    const report = await databaseCopy.backupLiveDatabase(file);
    if (report.outcome === 'unsupported') {
      process.stderr.write(
        'backup copies a SQLite file; this Testata uses PostgreSQL. Back it up with pg_dump:\n' +
          `  pg_dump --format=custom --file=${shellQuote(file)} "$DATABASE_URL"\n`,
      );
      return 2;
    }
    const seconds = (performance.now() - startedAt) / 1000;
    const megabytes = (report.bytes / 1_000_000).toFixed(1);
    process.stdout.write(
      `Backed up to ${report.file}: ${megabytes} MB, ${report.rowCounts.articles ?? 0} articles, in ${seconds.toFixed(1)} s; ` +
        `integrity check ${report.isIntact ? 'ok' : 'FAILED'}.\n`,
    );
    if (!report.isIntact)
      process.stderr.write(`The backup ${report.file} failed SQLite's integrity check: do not rely on it.\n`);
    return report.isIntact ? 0 : 1;
  } catch (error) {
    return reportFailure('backup', error);
  }
}

function parseLocationOption(option: string, text: string): DatabaseLocation | undefined {
  try {
    return parseDatabaseLocation(text);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    process.stderr.write(`${option}: ${error.message}\n`);
    return undefined;
  }
}

function parseBatchSize(text: string): number | undefined {
  const rows = /^\d+$/.test(text) ? Number(text) : NaN;
  if (rows >= 1 && rows <= maxBatchSize) return rows;
  process.stderr.write(
    `--batch-size: expected a whole number of rows between 1 and ${maxBatchSize} (got ${JSON.stringify(text)})\n`,
  );
  return undefined;
}

function printReport(report: DatabaseCopyReport, headline: string, startedAt: number): number {
  const seconds = (performance.now() - startedAt) / 1000;
  const isEqual = report.tables.every((t) => t.isEqual);
  const rate = Math.round(report.rows / Math.max(seconds, 0.001));
  const verdict = isEqual ? 'every table verified' : 'VERIFICATION FAILED';
  const lines = [`${headline}: ${report.rows} rows in ${seconds.toFixed(1)} s (${rate} rows/s); ${verdict}.`];
  const width = Math.max(...report.tables.map((t) => t.table.length), 'table'.length);
  lines.push(`  ${'table'.padEnd(width)}  ${'rows'.padStart(9)}  checksum`);
  for (const t of report.tables) {
    const rows = t.sourceRows === t.targetRows ? String(t.sourceRows) : `${t.sourceRows}≠${t.targetRows}`;
    const checksum = t.isEqual
      ? `ok ${t.targetChecksum.slice(0, 12)}`
      : `DIFFERENT (source ${t.sourceChecksum.slice(0, 12)}, target ${t.targetChecksum.slice(0, 12)})`;
    lines.push(`  ${t.table.padEnd(width)}  ${rows.padStart(9)}  ${checksum}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!isEqual) {
    const different = report.tables.filter((t) => !t.isEqual).map((t) => t.table);
    const consequence = report.isCommitted ? '' : ' The copy was rolled back: the target is as it was.';
    process.stderr.write(`Verification failed for: ${different.join(', ')}.${consequence}\n`);
  }
  return isEqual ? 0 : 1;
}

function reportFailure(command: string, error: unknown, consequence?: string): number {
  if (!(error instanceof Error)) throw error;
  const field =
    error instanceof DomainError && typeof error.details.field === 'string' ? `--${error.details.field}: ` : '';
  // Domain errors say what happened themselves; anything else (a lost connection, a constraint) gets the consequence.
  const after = consequence && !(error instanceof DomainError) ? ` (${consequence})` : '';
  process.stderr.write(`${command}: ${field}${withoutPassword(error.message)}${after}\n`);
  return error instanceof ValidationError ? 2 : 1;
}

function createProgress(label: string): { update: (progress: DatabaseCopyProgress) => void; stop: () => void } {
  // Rates count from the start of the current phase (copying, then verifying).
  let phase = '';
  let phaseStartedAt = performance.now();
  const enterPhase = (p: DatabaseCopyProgress) => {
    const isNew = p.phase !== phase;
    if (isNew) [phase, phaseStartedAt] = [p.phase, performance.now()];
    return isNew;
  };
  const rateOf = (rows: number) => Math.round(rows / Math.max((performance.now() - phaseStartedAt) / 1000, 0.001));
  if (process.stderr.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      update: (p) => {
        if (enterPhase(p)) {
          bar?.stop();
          bar = new cliProgress.SingleBar(
            {
              format: `${p.phase === 'copying' ? 'Copying  ' : 'Verifying'} [{bar}] {percentage}% | {table} | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}`,
              stream: process.stderr,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.totalRows, 0, { table: p.table, rate: 0 });
        }
        bar?.update(p.totalDoneRows, { table: p.table, rate: rateOf(p.totalDoneRows) });
      },
      stop: () => bar?.stop(),
    };
  }
  let lastPrintAt = 0;
  let lastTable = '';
  return {
    update: (p) => {
      enterPhase(p);
      const now = performance.now();
      const isTableDone = p.tableDoneRows >= p.tableRows;
      if (now - lastPrintAt < 2000 && !(isTableDone && `${p.phase}:${p.table}` !== lastTable)) return;
      lastPrintAt = now;
      if (isTableDone) lastTable = `${p.phase}:${p.table}`;
      const percent = p.totalRows > 0 ? Math.round((p.totalDoneRows / p.totalRows) * 100) : 100;
      process.stderr.write(
        `${label}: ${p.phase} ${p.table} ${p.tableDoneRows}/${p.tableRows}, ${percent}% of ${p.totalRows} rows, ${rateOf(p.totalDoneRows)} rows/s\n`,
      );
    },
    stop: () => {},
  };
}

function describeLocation(location: DatabaseLocation): string {
  return location.kind === 'sqlite' ? `sqlite:${location.file}` : withoutPassword(location.url);
}

function shellQuote(text: string): string {
  return /^[\w./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
