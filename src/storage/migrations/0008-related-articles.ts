// Related articles by text: each published, indexable article's term signature (its few most telling terms,
// stored whole and as one row per term),
// how many articles use each term (for the weights), the computed related lists, and the queue of articles
// whose signature or list must be (re)computed. Existing published articles are queued here once.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('related_pending')
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .execute();
  // The job takes each stage's newest articles first.
  await db.schema
    .createIndex('related_pending_by_stage')
    .on('related_pending')
    .columns(['stage', 'published_at', 'article_id'])
    .execute();

  // Each signature whole, in one row: scoring reads forty of them per article, which as term rows was most of its time.
  await db.schema
    .createTable('related_signatures')
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('terms', 'text', (c) => c.notNull())
    .execute();

  // The same terms, one row each, for finding candidates.
  await db.schema
    .createTable('related_terms')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_terms_pk', ['article_id', 'term'])
    .execute();
  // Candidates come from the heaviest articles of each term: a bounded walk down this index.
  await db.schema
    .createIndex('related_terms_by_term')
    .on('related_terms')
    .columns(['term', 'weight', 'article_id'])
    .execute();

  await db.schema
    .createTable('related_term_counts')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('article_count', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('related_articles')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('related_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_articles_pk', ['article_id', 'position'])
    .execute();
  // When an article leaves, the lists that show it are found (and queued again) through this index.
  await db.schema
    .createIndex('related_articles_by_related')
    .on('related_articles')
    .columns(['related_id', 'article_id'])
    .execute();

  await sql`insert into related_pending (article_id, stage, published_at, marked_at)
    select id, 'count', published_at, ${new Date().toISOString()} from articles where status = 'published' and noindex = 0`.execute(
    db,
  );
}
