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
import { SearchIndexRepository } from './search-index.ts';
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
};

export function createRepositories(db: Db, dialect: Dialect, signal: ChangeSignal = noChangeSignal, newId: () => string = uuidv7): Repositories {
  const search = new SearchIndexRepository(db, dialect);
  return {
    articles: new ArticleRepository(db),
    articleWrites: new ArticleWriteRepository(db, newId, search),
    taxonomy: new TaxonomyRepository(db, newId),
    relatedArticles: new RelatedArticleRepository(db),
    publications: new PublicationRepository(db),
    publicationPages: new PublicationPageRepository(db),
    contentChanges: new ContentChangeRepository(db, newId, signal),
    search,
  };
}

/** Runs `work` in one transaction: everything it writes lands together, or nothing does. */
export type TransactionRunner = <T>(work: (repositories: Repositories) => Promise<T>) => Promise<T>;

export function createTransactionRunner(db: Db, dialect: Dialect, signal: ChangeSignal = noChangeSignal, newId: () => string = uuidv7): TransactionRunner {
  return (work) => db.transaction().execute((trx) => work(createRepositories(trx, dialect, signal, newId)));
}
