// Every schema migration, in order. Written once with Kysely's schema builder for both dialects.
import type { Migration, MigrationProvider } from 'kysely';
import * as contentModel from './0001-content-model.ts';
import * as jobs from './0002-jobs.ts';
import * as articleOrderIndexes from './0003-article-order-indexes.ts';
import * as feedSettings from './0004-feed-settings.ts';
import * as sitemapArticleIndex from './0005-sitemap-article-index.ts';
import * as searchIndex from './0006-search-index.ts';
import * as publicationPages from './0007-publication-pages.ts';
import * as relatedArticles from './0008-related-articles.ts';
import * as searchIndexTuning from './0009-search-index-tuning.ts';
import * as searchTermsLz4 from './0010-search-terms-lz4.ts';
import * as searchTermPositions from './0011-search-term-positions.ts';
import * as searchIndexWithoutForeignKey from './0012-search-index-without-foreign-key.ts';
import * as searchTermsUncompressed from './0013-search-terms-uncompressed.ts';
import * as searchShortenedWords from './0014-search-shortened-words.ts';
import * as searchTextBodyFirst from './0015-search-text-body-first.ts';
import * as findableArticleIndexes from './0016-findable-article-indexes.ts';
import * as searchPairsAndFilterIndexes from './0017-search-pairs-and-filter-indexes.ts';
import * as futurePublishedArticlesScheduled from './0018-future-published-articles-scheduled.ts';
import * as staffAccounts from './0019-staff-accounts.ts';

const migrations: Record<string, Migration> = {
  '0001-content-model': contentModel,
  '0002-jobs': jobs,
  '0003-article-order-indexes': articleOrderIndexes,
  '0004-feed-settings': feedSettings,
  '0005-sitemap-article-index': sitemapArticleIndex,
  '0006-search-index': searchIndex,
  '0007-publication-pages': publicationPages,
  '0008-related-articles': relatedArticles,
  '0009-search-index-tuning': searchIndexTuning,
  '0010-search-terms-lz4': searchTermsLz4,
  '0011-search-term-positions': searchTermPositions,
  '0012-search-index-without-foreign-key': searchIndexWithoutForeignKey,
  '0013-search-terms-uncompressed': searchTermsUncompressed,
  '0014-search-shortened-words': searchShortenedWords,
  '0015-search-text-body-first': searchTextBodyFirst,
  '0016-findable-article-indexes': findableArticleIndexes,
  '0017-search-pairs-and-filter-indexes': searchPairsAndFilterIndexes,
  '0018-future-published-articles-scheduled': futurePublishedArticlesScheduled,
  '0019-staff-accounts': staffAccounts,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
