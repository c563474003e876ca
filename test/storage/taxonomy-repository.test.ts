// Readers' sections, tags and authors: exactly those of a published article (the domain's `isPublished`), over
// every status, noindex and date; and the queries that decide it seek indexes rather than walk the articles.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { articleStatuses, isPublished, type ArticleStatus } from '../../src/domain/article.ts';
import { Database } from '../../src/storage/database.ts';
import type { DatabaseSchema } from '../../src/storage/database-schema.ts';
import { TaxonomyRepository } from '../../src/storage/taxonomy-repository.ts';
import { describeEachDatabase, openEmptyDatabase } from '../support/test-databases.ts';

const publicationDates = { none: null, past: '2024-03-01T10:00:00.000Z', future: '2999-01-01T00:00:00.000Z' };

/** One article for every status × noindex × publication date, each alone in its own section, tag and author. */
const combinations = articleStatuses.flatMap((status) =>
  [0, 1].flatMap((noindex) =>
    Object.entries(publicationDates).map(([dateName, publishedAt]) => ({
      slug: `${status.replace('_', '-')}-${noindex ? 'noindex' : 'indicizzato'}-${dateName}`,
      status,
      noindex,
      publishedAt,
    })),
  ),
);
const publishedSlugs = combinations
  .filter((article) => isPublished({ status: article.status as ArticleStatus, publishedAt: article.publishedAt }))
  .map((article) => article.slug)
  .sort();
const now = '2024-01-01T00:00:00.000Z';

async function insertCombinations(db: Kysely<DatabaseSchema>): Promise<void> {
  for (const [i, { slug, status, noindex, publishedAt }] of combinations.entries()) {
    const id = `x${String(i).padStart(2, '0')}`;
    const named = { id, slug, name: slug, created_at: now };
    await db
      .insertInto('sections')
      .values({ ...named, description: '', position: i, changed_at: now })
      .execute();
    await db.insertInto('tags').values(named).execute();
    await db
      .insertInto('authors')
      .values({ ...named, bio: '', photo_src: null, job_title: '', kind: 'staff', changed_at: now })
      .execute();
    await db
      .insertInto('articles')
      .values({
        id,
        slug,
        section_id: id,
        type: 'news',
        status,
        title: slug,
        standfirst: '',
        dateline: null,
        body_markdown: '',
        body_html: '',
        image_src: null,
        image_alt: null,
        image_caption: null,
        image_credit: null,
        image_width: null,
        image_height: null,
        noindex,
        published_at: publishedAt,
        updated_at: null,
        created_at: now,
        changed_at: now,
      })
      .execute();
    await db.insertInto('article_tags').values({ article_id: id, tag_id: id }).execute();
    await db.insertInto('article_authors').values({ article_id: id, author_id: id, position: 0 }).execute();
  }
}

describeEachDatabase('on %s', (kind) => {
  let database: Database;
  let close: () => Promise<void>;
  let taxonomy: TaxonomyRepository;

  beforeAll(async () => {
    ({ database, close } = await openEmptyDatabase(kind));
    await database.migrate();
    await insertCombinations(database.db);
    taxonomy = new TaxonomyRepository(database.db, () => 'unused');
  }, 60_000);
  afterAll(() => close?.());

  const slugs = (items: { slug: string }[]) => items.map((item) => item.slug).sort();

  test('lists the sections, tags and authors of published articles only, noindex ones included', async () => {
    expect(slugs(await taxonomy.listPublishedSections())).toEqual(publishedSlugs);
    expect(slugs(await taxonomy.listPublishedTags())).toEqual(publishedSlugs);
    expect(slugs(await taxonomy.listPublishedAuthors())).toEqual(publishedSlugs);
  });

  test('finds by slug for readers only what it lists, and every one for imports', async () => {
    for (const { slug } of combinations) {
      const shown = publishedSlugs.includes(slug);
      expect((await taxonomy.findPublishedSectionBySlug(slug))?.slug, slug).toBe(shown ? slug : undefined);
      expect((await taxonomy.findPublishedTagBySlug(slug))?.slug, slug).toBe(shown ? slug : undefined);
      expect((await taxonomy.findPublishedAuthorBySlug(slug))?.slug, slug).toBe(shown ? slug : undefined);
      expect((await taxonomy.findSectionBySlug(slug))?.slug).toBe(slug);
    }
  });

  // SQLite plans without statistics, so its plan here is the one a big site gets; PostgreSQL's depends on its
  // statistics (checked by hand at 10,000 articles: index seeks, 1.5 ms for the tags list).
  test.runIf(kind === 'sqlite')(
    'asks each section, tag and author for one published article through an index',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-plans-'));
      const file = path.join(dir, 'testata.db');
      const migrated = Database.open({ kind: 'sqlite', file });
      await migrated.migrate();
      await insertCombinations(migrated.db);
      await migrated.close();
      const compiled: CompiledQuery[] = [];
      const connection = new BetterSqlite3(file);
      const logged = new Kysely<DatabaseSchema>({
        dialect: new SqliteDialect({ database: connection }),
        log: (event) => {
          if (event.level === 'query') compiled.push(event.query);
        },
      });
      try {
        const logging = new TaxonomyRepository(logged, () => 'unused');
        await logging.listPublishedSections();
        await logging.listPublishedTags();
        await logging.listPublishedAuthors();
        await logging.findPublishedSectionBySlug(publishedSlugs[0] as string);
        await logging.findPublishedTagBySlug(publishedSlugs[0] as string);
        await logging.findPublishedAuthorBySlug(publishedSlugs[0] as string);
        const plans = compiled.map((query) =>
          connection
            .prepare(`explain query plan ${query.sql}`)
            .all(...(query.parameters as unknown[]))
            .map((row) => (row as { detail: string }).detail),
        );
        for (const plan of plans) {
          // Walking every published article (by status) to test each against one tag took 3.6 s at 10,000 articles.
          expect(plan.join('\n')).not.toMatch(/SCAN articles|articles_by_status_date|SCAN article_/);
        }
        expect(plans.flat().join('\n')).toMatch(/SEARCH article_tags USING COVERING INDEX article_tags_by_tag/);
        expect(plans.flat().join('\n')).toMatch(
          /SEARCH article_authors USING COVERING INDEX article_authors_by_author/,
        );
        expect(plans.flat().join('\n')).toMatch(
          /SEARCH articles .*USING COVERING INDEX articles_by_section_status_date/,
        );
      } finally {
        await logged.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
