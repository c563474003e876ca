// The content model: publication, authors, sections, tags, articles and their parts, redirects,
// and the change log that tells every process which cached pages to drop.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('publication')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tagline', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('it-IT'))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Europe/Rome'))
    .addColumn('logo_src', 'text')
    .addColumn('support_banner', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('newsletter_blurb', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('registration_court', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('registration_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('registration_date', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('editor_in_chief', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('publisher', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('vat_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hosting_provider', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('authors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('photo_src', 'text')
    .addColumn('job_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'text', (c) => c.notNull().check(inList('kind', ['staff', 'columnist', 'contributor'])))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('section_id', 'text', (c) => c.notNull().references('sections.id'))
    .addColumn('type', 'text', (c) => c.notNull().check(inList('type', ['news', 'opinion', 'analysis'])))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(inList('status', ['draft', 'in_review', 'scheduled', 'published', 'archived'])),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dateline', 'text')
    .addColumn('body_markdown', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('image_src', 'text')
    .addColumn('image_alt', 'text')
    .addColumn('image_caption', 'text')
    .addColumn('image_credit', 'text')
    .addColumn('image_width', 'integer')
    .addColumn('image_height', 'integer')
    .addColumn('noindex', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', 'text')
    .addColumn('updated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_by_status_date').on('articles').columns(['status', 'published_at']).execute();
  await db.schema
    .createIndex('articles_by_section_status_date')
    .on('articles')
    .columns(['section_id', 'status', 'published_at'])
    .execute();
  await db.schema
    .createIndex('articles_by_type_status_date')
    .on('articles')
    .columns(['type', 'status', 'published_at'])
    .execute();

  await db.schema
    .createTable('article_authors')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('authors.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
    .execute();
  await db.schema
    .createIndex('article_authors_by_author')
    .on('article_authors')
    .columns(['author_id', 'article_id'])
    .execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id'))
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_by_tag').on('article_tags').columns(['tag_id', 'article_id']).execute();

  await db.schema
    .createTable('article_sources')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(inList('kind', ['agency', 'document', 'statement', 'other'])))
    .addColumn('url', 'text')
    .addPrimaryKeyConstraint('article_sources_pk', ['article_id', 'position'])
    .execute();

  await db.schema
    .createTable('article_corrections')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(inList('kind', ['correction', 'clarification', 'update'])))
    .addColumn('text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_corrections_pk', ['article_id', 'position'])
    .execute();

  await db.schema
    .createTable('redirects')
    .addColumn('from_path', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('redirects_by_article').on('redirects').column('article_id').execute();

  await db.schema
    .createTable('content_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('content_changes_by_time').on('content_changes').column('created_at').execute();
}

function inList(column: string, values: string[]) {
  // A CHECK constraint both dialects understand; the values are our own constants, never input.
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}
