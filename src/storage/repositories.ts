// The repositories over one database handle, and transactions that hand out repositories bound to them.
import { v7 as uuidv7 } from 'uuid';
import { ArticleRepository } from './article-repository.ts';
import { ArticleWriteRepository } from './article-write-repository.ts';
import { noChangeSignal, type ChangeSignal } from './change-signal.ts';
import { ContentChangeRepository } from './content-change-repository.ts';
import type { Db, Dialect } from './database.ts';
import { PublicationPageRepository } from './publication-page-repository.ts';
import { PublicationRepository } from './publication-repository.ts';
import { RelatedArticleRepository } from './related-article-repository.ts';
import { analyseInThisThread } from './search-analysis.ts';
import type { SearchAnalyser } from './search-documents.ts';
import { SearchIndexRepository } from './search-index.ts';
import type { SideConnections } from './side-connection.ts';
import { AuditEventRepository } from './staff/audit-event-repository.ts';
import { SignInThrottleRepository } from './staff/sign-in-throttle-repository.ts';
import { StaffRepository } from './staff/staff-repository.ts';
import { StaffSessionRepository } from './staff/staff-session-repository.ts';
import { busyRetryFor } from './storage-dialects.ts';
import { TaxonomyRepository } from './taxonomy-repository.ts';

export type Repositories = {
  articles: ArticleRepository;
  articleWrites: ArticleWriteRepository;
  taxonomy: TaxonomyRepository;
  relatedArticles: RelatedArticleRepository;
  publications: PublicationRepository;
  publicationPages: PublicationPageRepository;
  contentChanges: ContentChangeRepository;
  search: SearchIndexRepository;
  staff: StaffRepository;
  auditEvents: AuditEventRepository;
  staffSessions: StaffSessionRepository;
  signInThrottles: SignInThrottleRepository;
};

/**
 * What repositories are built with besides the database handle; every part has a default. `sideConnections`:
 * where a bulk write of the search index may take a second connection from (PostgreSQL; leave it out where
 * the pool has no connection to spare).
 */
export type RepositoryOptions = {
  signal?: ChangeSignal;
  newId?: () => string;
  searchAnalyser?: SearchAnalyser;
  sideConnections?: SideConnections;
};

export function createRepositories(db: Db, dialect: Dialect, options: RepositoryOptions = {}): Repositories {
  const { signal = noChangeSignal, newId = uuidv7, searchAnalyser = analyseInThisThread } = options;
  const search = new SearchIndexRepository(db, dialect, searchAnalyser, options.sideConnections);
  return {
    articles: new ArticleRepository(db),
    articleWrites: new ArticleWriteRepository(db, newId, search),
    taxonomy: new TaxonomyRepository(db, newId),
    relatedArticles: new RelatedArticleRepository(db),
    publications: new PublicationRepository(db),
    publicationPages: new PublicationPageRepository(db),
    contentChanges: new ContentChangeRepository(db, newId, signal, busyRetryFor(dialect)),
    search,
    staff: new StaffRepository(db),
    auditEvents: new AuditEventRepository(db, newId),
    staffSessions: new StaffSessionRepository(db),
    signInThrottles: new SignInThrottleRepository(db),
  };
}

/**
 * Runs `work` in one transaction: everything it writes lands together, or nothing does. `isReadOnly`: the work
 * only reads, so on SQLite it takes no write lock and never waits for another process's writer.
 */
export type TransactionRunner = <T>(
  work: (repositories: Repositories) => Promise<T>,
  options?: { isReadOnly?: boolean },
) => Promise<T>;

export function createTransactionRunner(db: Db, dialect: Dialect, options: RepositoryOptions = {}): TransactionRunner {
  const busyRetry = busyRetryFor(dialect);
  return <T>(work: (repositories: Repositories) => Promise<T>, access: { isReadOnly?: boolean } = {}) =>
    busyRetry(async () => {
      let hasBegun = false;
      try {
        return await runInTransaction(db, dialect, options, work, access.isReadOnly === true, () => {
          hasBegun = true;
        });
      } catch (error) {
        // Only a transaction that met the lock at its BEGIN (nothing done yet, and nothing read from a stream)
        // is tried again; the busy retry must not see a failure from inside the work.
        if (hasBegun) throw new FailedInsideTransaction(error);
        throw error;
      }
    }).catch((error: unknown) => {
      throw error instanceof FailedInsideTransaction ? error.failure : error;
    });
}

/** Carries a failure from inside a transaction's work past the busy retry untouched. */
class FailedInsideTransaction {
  constructor(readonly failure: unknown) {}
}

function runInTransaction<T>(
  db: Db,
  dialect: Dialect,
  options: RepositoryOptions,
  work: (repositories: Repositories) => Promise<T>,
  isReadOnly: boolean,
  onBegun: () => void,
): Promise<T> {
  const transaction = isReadOnly ? db.transaction().setAccessMode('read only') : db.transaction();
  return transaction.execute(async (trx) => {
    onBegun();
    const repositories = createRepositories(trx, dialect, options);
    try {
      const result = await work(repositories);
      await repositories.search.beforeCommit();
      return result;
    } catch (error) {
      // Nothing queued may run after the rollback, outside the transaction. A failed queued write is the
      // cause to report: on PostgreSQL it makes every later statement of the transaction fail too.
      const failure = await repositories.search.queuedFailure();
      await repositories.search.abandon();
      throw failure ?? error;
    }
  });
}
