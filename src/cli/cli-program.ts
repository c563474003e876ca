// `testata <command>`: parses arguments and hands the work to services; main.ts supplies them.
import { Command, CommanderError } from 'commander';
import type { DatabaseCopyService } from '../services/database-copy-service.ts';
import type { DemoService } from '../services/demo-service.ts';
import type { ImportService } from '../services/import-service.ts';
import type { PublicationPageService } from '../services/publication-page-service.ts';
import { aloneBatchSizes, type RelatedArticlesService } from '../services/related-articles-service.ts';
import type { SearchService } from '../services/search-service.ts';
import type { StaffService } from '../services/staff/staff-service.ts';
import { registerDatabaseCommands } from './database-commands.ts';
import { runImportCommand } from './import-command.ts';
import { registerPageCommands } from './page-commands.ts';
import { registerUserCommands } from './user-commands.ts';

export type CliApp = {
  importer: ImportService;
  demo: DemoService;
  search: SearchService;
  publicationPages: PublicationPageService;
  relatedArticles: RelatedArticlesService;
  staff: StaffService;
  appliedMigrations: string[];
  close: () => Promise<void>;
};

export type CliHost<App extends CliApp> = {
  /** `use`: serving readers (queries wait as long as a reader can) or a command's bulk work. */
  open: (use: 'serve' | 'command') => Promise<App>;
  /** Serves until stopped; the process's exit code. */
  serve: (app: App) => Promise<number>;
  databaseCopy: DatabaseCopyService;
};

export async function runCli<App extends CliApp>(argv: string[], host: CliHost<App>): Promise<number> {
  let exitCode = 0;
  const withApp = async (work: (app: App) => Promise<number | undefined>) => {
    const app = await host.open('command');
    try {
      exitCode = (await work(app)) ?? 0;
    } finally {
      await app.close();
    }
  };

  const program = new Command('testata')
    .description('Testata: the publishing platform for independent, reader-funded newsrooms.')
    .addHelpText(
      'after',
      '\nConfiguration comes from environment variables: TESTATA_DATA_DIR, DATABASE_URL, HOST, PORT, PUBLIC_URL, LOG_LEVEL (see README).',
    )
    .exitOverride();

  program
    .command('serve')
    .description('apply migrations, load the demo into an empty database, and serve the site (HOST, PORT)')
    .action(async () => {
      const app = await host.open('serve');
      exitCode = await host.serve(app);
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(() =>
      withApp(async (app) => {
        const applied = app.appliedMigrations;
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
      }),
    );

  program
    .command('demo')
    .description('load the demo publication (fictional outlet, about 30 articles); safe to run again')
    .action(() =>
      withApp(async (app) => {
        const report = await app.demo.load();
        process.stdout.write(
          `Demo publication loaded: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged.\n`,
        );
        return report.committed ? 0 : 1;
      }),
    );

  program
    .command('import')
    .description('import articles from a JSON Lines file (the format of bench/generate-articles.mjs); all or nothing')
    .argument('<file>', 'path to the .jsonl file')
    .option('--max-problems <n>', 'stop listing problems after this many', '20')
    .option('--allow-empty', 'succeed (with a warning) when the file holds no article')
    .action((file: string, options: { maxProblems: string; allowEmpty?: boolean }) =>
      withApp((app) =>
        runImportCommand(app.importer, file, {
          maxProblems: Number(options.maxProblems) || 20,
          allowEmpty: options.allowEmpty === true,
        }),
      ),
    );

  program
    .command('search')
    .description('the search index')
    .command('rebuild')
    .description(
      'analyse every published article again and rebuild the search index, in one transaction (after upgrading the analyser)',
    )
    .action(() =>
      withApp(async (app) => {
        const startedAt = performance.now();
        const indexed = await app.search.rebuildIndex();
        process.stdout.write(
          `Search index rebuilt: ${indexed} articles in ${((performance.now() - startedAt) / 1000).toFixed(1)} s.\n`,
        );
      }),
    );

  program
    .command('related')
    .description('related articles')
    .command('compute')
    .description(
      'compute every pending related-articles list now (a running server does it in the background; this is quicker after a big import)',
    )
    .action(() =>
      withApp(async (app) => {
        const startedAt = performance.now();
        const total = { counted: 0, signed: 0, listed: 0 };
        let lastReportAt = 0;
        for (;;) {
          const progress = await app.relatedArticles.computePending(5000, aloneBatchSizes);
          total.counted += progress.counted;
          total.signed += progress.signed;
          total.listed += progress.listed;
          if (progress.isDone) break;
          if (performance.now() - lastReportAt > 10_000) {
            lastReportAt = performance.now();
            process.stderr.write(`related: ${total.counted} counted, ${total.signed} signed, ${total.listed} listed\n`);
          }
        }
        const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
        process.stdout.write(
          `Related articles computed: ${total.listed} lists (${total.signed} signatures) in ${seconds} s.\n`,
        );
      }),
    );

  registerDatabaseCommands(program, { databaseCopy: host.databaseCopy, setExitCode: (code) => (exitCode = code) });
  registerPageCommands(program, {
    withPages: (work) => withApp((app) => work(app.publicationPages)),
    setExitCode: (code) => (exitCode = code),
  });
  registerUserCommands(program, {
    withStaff: (work) => withApp((app) => work(app.staff)),
    setExitCode: (code) => (exitCode = code),
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return exitCode;
}
