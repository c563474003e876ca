// The composition root: reads the configuration, opens the database, builds services and the server,
// and owns their lifecycle. Nothing else constructs these pieces.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { runCli } from './cli/cli-program.ts';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { UnavailableError } from './domain/errors.ts';
import { articlePath } from './domain/reader-paths.ts';
import { buildHttpApp } from './http/http-app.ts';
import { JobRunner } from './jobs/job-runner.ts';
import { PageCache } from './http/page-cache.ts';
import { ChangeFeed } from './services/change-feed.ts';
import { ContentApiService } from './services/content-api-service.ts';
import { DatabaseCopyService } from './services/database-copy-service.ts';
import { DemoService } from './services/demo-service.ts';
import { FeedService } from './services/feed-service.ts';
import { ImportService } from './services/import-service.ts';
import { PublicationPageService } from './services/publication-page-service.ts';
import { ReaderService } from './services/reader-service.ts';
import {
  computeRelatedJobKind,
  RelatedArticlesService,
  relatedIdleCheckSeconds,
} from './services/related-articles-service.ts';
import { relatedComputer } from './services/related-articles-thread.ts';
import { SearchService } from './services/search-service.ts';
import { publishScheduledJobKind, ScheduledPublishingService } from './services/scheduled-publishing-service.ts';
import { SitemapService } from './services/sitemap-service.ts';
import { argon2idPasswordHasher } from './services/staff/password-hasher.ts';
import { SecondFactorService } from './services/staff/second-factor-service.ts';
import { SignInService } from './services/staff/sign-in-service.ts';
import { StaffService } from './services/staff/staff-service.ts';
import { createDiscoveryRoutes } from './site/discovery/discovery-routes.ts';
import { createFeedRoutes } from './site/feeds/feed-routes.ts';
import { loadSiteAssets } from './site/site-assets.ts';
import { createReaderSite } from './site/site-routes.tsx';
import { DatabaseAvailability, type AvailabilityReport } from './storage/database-availability.ts';
import { Database, NewerDatabaseError } from './storage/database.ts';
import { FeedRepository } from './storage/feed-repository.ts';
import { JobRepository } from './storage/job-repository.ts';
import { createRepositories, createTransactionRunner } from './storage/repositories.ts';
import { threadedSearchAnalyser } from './storage/search-analysis-thread.ts';
import { SitemapRepository } from './storage/sitemap-repository.ts';
import { busyRetryFor, rowLockingFor } from './storage/storage-dialects.ts';
import { TableCopier } from './storage/table-copier.ts';

/** The package's own directory, whether this runs from src/ or from the bundle bin/testata.mjs builds. */
const packageDir = findPackageDir(path.dirname(fileURLToPath(import.meta.url)));
const demoDir = path.join(packageDir, 'demo');
const siteAssetsDir = path.join(packageDir, 'src', 'site', 'assets');

function findPackageDir(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export type Testata = {
  config: Config;
  logger: Logger;
  database: Database;
  reader: ReaderService;
  feeds: FeedService;
  sitemaps: SitemapService;
  contentApi: ContentApiService;
  importer: ImportService;
  demo: DemoService;
  search: SearchService;
  publicationPages: PublicationPageService;
  changeFeed: ChangeFeed;
  jobs: JobRepository;
  jobRunner: JobRunner;
  relatedArticles: RelatedArticlesService;
  staff: StaffService;
  signIn: SignInService;
  secondFactor: SecondFactorService;
  appliedMigrations: string[];
  close: () => Promise<void>;
};

/** How long SIGTERM waits for requests, jobs and connections to finish before the process exits anyway. */
const shutdownDeadlineMs = 15_000;

/**
 * Opens the database (applying migrations) and builds every service. `use`: a server's queries wait for the
 * database as long as a reader can (DATABASE_QUERY_TIMEOUT_MS), a command's as long as bulk work needs.
 */
export async function openTestata(
  config: Config,
  logger: Logger = createLogger(config),
  use: 'serve' | 'command' = 'serve',
): Promise<Testata> {
  const database = Database.open(
    config.database.kind === 'postgres' ? { ...config.database, poolSize: config.databasePoolSize } : config.database,
    new DatabaseAvailability((report) => logAvailability(logger, report)),
  );
  const appliedMigrations = await database.migrate({
    onSearchRebuilt: (indexed) => logger.info({ indexed }, 'search index rebuilt after the migrations'),
  });
  if (use === 'serve') database.limitQueryTime(config.databaseQueryTimeoutMs);
  // bin/testata.mjs bundles the analyser's worker script beside this file; run from the sources, analysis stays on this thread.
  const searchAnalyser = threadedSearchAnalyser(new URL('./search-analysis-worker.mjs', import.meta.url));
  // A bulk write of the search index on PostgreSQL borrows a second connection from the pool, where it has one.
  const sideConnections = config.databasePoolSize > 1 ? database.sideConnections : undefined;
  const repositoryOptions = { signal: database.changeSignal, searchAnalyser: searchAnalyser.analyse, sideConnections };
  const repositories = createRepositories(database.db, database.dialect, repositoryOptions);
  const transaction = createTransactionRunner(database.db, database.dialect, repositoryOptions);
  const importer = new ImportService(transaction);
  const jobs = new JobRepository(database.db, rowLockingFor(database.dialect), uuidv7, busyRetryFor(database.dialect));
  const scheduledPublishing = new ScheduledPublishingService(transaction);
  const relatedArticles = new RelatedArticlesService(repositories.relatedArticles, transaction);
  // Beside a server the lists are computed on a worker thread with its own connection (bundled like the analyser's).
  const relatedInBackground = relatedComputer(
    new URL('./related-articles-worker.mjs', import.meta.url),
    config.database.kind === 'postgres' ? { ...config.database, poolSize: 2 } : config.database,
    relatedArticles,
  );
  const jobRunner = new JobRunner(
    jobs,
    {
      [publishScheduledJobKind]: async () => {
        const published = await scheduledPublishing.publishDueArticles();
        if (published > 0) logger.info({ published }, 'published scheduled articles');
        return { runAgainAt: new Date(Date.now() + config.scheduledPublishCheckSeconds * 1000) };
      },
      [computeRelatedJobKind]: async () => {
        const progress = await relatedInBackground.computePending();
        return {
          runAgainAt: new Date(Date.now() + (progress.isDone ? relatedIdleCheckSeconds * 1000 : progress.pauseMs)),
        };
      },
    },
    { workerId: `${os.hostname()}:${process.pid}:${uuidv7().slice(-8)}`, pollMs: config.jobPollMs, leaseSeconds: 60 },
    (error, job) => logFailure(logger, error, { job: job?.id, kind: job?.kind }, 'job failed'),
  );
  const changeFeed = new ChangeFeed(repositories.contentChanges, database.changeSignal, config.changePollMs, (error) =>
    logFailure(logger, error, {}, 'reading content changes failed'),
  );
  return {
    config,
    logger,
    database,
    reader: new ReaderService(
      repositories.articles,
      repositories.taxonomy,
      repositories.publications,
      repositories.publicationPages,
      repositories.relatedArticles,
    ),
    feeds: new FeedService(new FeedRepository(database.db), repositories.taxonomy, repositories.publications),
    sitemaps: new SitemapService(new SitemapRepository(database.db)),
    contentApi: new ContentApiService(repositories.articles, repositories.taxonomy),
    importer,
    search: new SearchService(
      {
        index: repositories.search,
        articles: repositories.articles,
        taxonomy: repositories.taxonomy,
        publications: repositories.publications,
      },
      transaction,
    ),
    demo: new DemoService(importer, repositories.publications, repositories.articles, demoDir, mediaDirOf(config)),
    publicationPages: new PublicationPageService(transaction),
    changeFeed,
    jobs,
    jobRunner,
    relatedArticles,
    staff: new StaffService(transaction, argon2idPasswordHasher, uuidv7),
    signIn: new SignInService(transaction, argon2idPasswordHasher, uuidv7),
    secondFactor: new SecondFactorService(transaction),
    appliedMigrations,
    close: async () => {
      await jobRunner.stop();
      await relatedInBackground.close();
      await changeFeed.stop();
      await searchAnalyser.close();
      await database.close();
    },
  };
}

/** The HTTP app over an opened Testata, with its page cache following the change feed. */
export async function createServerApp(testata: Testata): Promise<FastifyInstance> {
  const { config, reader } = testata;
  const cache = new PageCache(config.pageCacheEntries, config.pageCacheBytes);
  testata.changeFeed.subscribe((keys) => {
    reader.noteChangedKeys(keys);
    cache.invalidate(keys);
  });
  const assets = loadSiteAssets(siteAssetsDir);
  const site = createReaderSite({ reader, search: testata.search, publicUrl: config.publicUrl, assets });
  return buildHttpApp({
    logger: testata.logger,
    publicUrl: config.publicUrl,
    cache,
    pageRoutes: [
      ...site.routes,
      ...createFeedRoutes({ feeds: testata.feeds, publicUrl: config.publicUrl }),
      ...createDiscoveryRoutes({
        sitemaps: testata.sitemaps,
        publicUrl: config.publicUrl,
        loadPublication: async () => (await reader.getFrame()).publication,
      }),
    ],
    assets: assets.files,
    mediaDir: mediaDirOf(config),
    renderErrorPage: site.renderErrorPage,
    contentApi: testata.contentApi,
    search: testata.search,
    findMovedPath: async (path) => {
      const target = await reader.findMovedArticle(path);
      return target && articlePath(target.sectionSlug, target.slug);
    },
    checkHealth: () => testata.database.ping(),
    signIn: testata.signIn,
    secondFactor: testata.secondFactor,
    exposeCacheStatus: config.logLevel === 'debug',
    timeouts: { requestSeconds: config.httpRequestTimeoutSeconds, keepAliveSeconds: config.httpKeepAliveSeconds },
    trustedProxies: config.trustedProxies,
  });
}

/**
 * `testata serve`: migrate, seed the demo into an empty database, serve until SIGTERM/SIGINT; returns the exit
 * code. Stopping waits for requests in flight, at most shutdownDeadlineMs (a second signal stops at once).
 */
export async function serve(testata: Testata): Promise<number> {
  const report = await testata.demo.loadIfEmpty();
  if (report) testata.logger.info({ articles: report.created }, 'empty database: loaded the demo publication');
  // From here on this process serves: a write meeting another process's lock (an import) must not block it.
  testata.database.stopWaitingForLocks();
  const app = await createServerApp(testata);
  await testata.changeFeed.start();
  const now = new Date().toISOString();
  await testata.jobs.schedulePeriodic(publishScheduledJobKind, now);
  await testata.jobs.schedulePeriodic(computeRelatedJobKind, now);
  testata.jobRunner.start();
  const { host, port } = testata.config;
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    await testata.close();
    const reason = listenFailureOf(error);
    if (reason === undefined) throw error;
    process.stderr.write(`cannot listen on ${host}:${port}: ${reason}\n`);
    return 1;
  }
  testata.logger.info(`Testata is serving ${testata.config.publicUrl} (listening on ${host}:${port})`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      testata.logger.info({ signal }, 'stopping: finishing requests in flight');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  // A database that went silent can hold a connection's goodbye forever: past the deadline, or at a second
  // signal, the process exits without waiting for the rest.
  const exitNow = (why: string) => {
    testata.logger.error({ deadlineSeconds: shutdownDeadlineMs / 1000 }, `stopping: ${why}, exiting now`);
    process.exit(1);
  };
  const deadline = setTimeout(() => exitNow('shutdown did not finish in time'), shutdownDeadlineMs).unref();
  process.once('SIGTERM', () => exitNow('second signal'));
  process.once('SIGINT', () => exitNow('second signal'));
  // Node closes the keep-alive connections idle when closing starts; one whose response is still on its way
  // becomes idle later and would hold the close for the whole keep-alive timeout.
  const idleCloser = setInterval(() => app.server.closeIdleConnections(), 200);
  await app.close();
  clearInterval(idleCloser);
  await testata.close();
  clearTimeout(deadline);
  return 0;
}

/** The operator's words for why the port could not be taken, or undefined for a failure that is not about listening. */
function listenFailureOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  const reasons: Record<string, string> = {
    EADDRINUSE: 'address already in use',
    EACCES: 'permission denied',
    EADDRNOTAVAIL: 'address not available on this machine',
    ENOTFOUND: 'no such host',
  };
  return typeof code === 'string' ? reasons[code] : undefined;
}

/** One line per change of the database's state (database-availability.ts), instead of a stack per request. */
function logAvailability(logger: Logger, report: AvailabilityReport): void {
  if (report.isReachable)
    logger.info({ unreachableSeconds: Math.round(report.unreachableMs / 100) / 10 }, 'database reachable again');
  else
    logger.warn(
      { reason: report.reason, unreportedOutages: report.unreportedOutages },
      'database unreachable: requests answer 503 until it is back',
    );
}

/** Background work failing because the database is away is that outage (logged once), not a new bug each time. */
function logFailure(logger: Logger, error: unknown, context: Record<string, unknown>, message: string): void {
  if (error instanceof UnavailableError) logger.debug({ ...context, reason: error.message }, message);
  else logger.error({ err: error, ...context }, message);
}

function mediaDirOf(config: Config): string {
  return path.join(config.dataDir, 'media');
}

function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.secret'],
  });
}

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  try {
    return await runCli(argv, {
      open: (use) => openTestata(config, createLogger(config), use),
      serve,
      databaseCopy: new DatabaseCopyService(TableCopier, config.database),
    });
  } catch (error) {
    // The operator's problem, said in one line: a stack would only hide it.
    if (error instanceof NewerDatabaseError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
