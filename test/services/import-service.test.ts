import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ScheduledPublishingService } from '../../src/services/scheduled-publishing-service.ts';
import { createTransactionRunner } from '../../src/storage/repositories.ts';
import { articleRecord, generatedArticleLines, toLines } from '../support/article-records.ts';
import { databaseFingerprint } from '../support/database-fingerprint.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

describeEachDatabase('on %s', (database) => {
  let site: TestSite;
  beforeEach(async () => {
    site = await createTestSite({ demo: false, database });
  });
  afterEach(() => site.close());

  describe('importing articles', () => {
    test('imports the corpus format, creating authors, sections and tags on the fly', async () => {
      const report = await site.testata.importer.importArticles(generatedArticleLines(200));
      expect(report).toMatchObject({
        lines: 200,
        created: 200,
        updated: 0,
        unchanged: 0,
        problems: [],
        committed: true,
      });
      const { counts } = await databaseFingerprint(site.testata.database.db);
      expect(counts.articles).toBe(200);
      expect(counts.sections).toBe(7); // the generator's six sections and opinioni
      expect(counts.authors).toBeGreaterThan(10);
      expect(counts.tags).toBeGreaterThan(5);
      expect(counts.article_sources).toBeGreaterThan(100);

      const response = await site.app.inject('/api/v1/articles?limit=1');
      const [newest] = response.json().articles;
      const page = await site.app.inject(new URL(newest.url).pathname);
      expect(page.statusCode).toBe(200);
    });

    test('moves the corpus dateline out of the body and onto the article', async () => {
      const [line] = generatedArticleLines(1);
      const record = JSON.parse(String(line));
      record.type = 'news';
      record.dateline = 'MOSCA';
      record.body_markdown = 'MOSCA - Il ministro ha parlato.';
      await site.testata.importer.importArticles([JSON.stringify(record)]);
      const article = await site.testata.contentApi.getArticle(record.slug);
      expect(article.article.bodyMarkdown).toBe('Il ministro ha parlato.');
      expect(article.article.bodyHtml).toContain('<span class="dateline">MOSCA</span> – Il ministro ha parlato.');
    });

    test('is idempotent by slug: a second run of the same file changes nothing', async () => {
      const lines = generatedArticleLines(150);
      await site.testata.importer.importArticles(lines);
      const before = await databaseFingerprint(site.testata.database.db);
      const report = await site.testata.importer.importArticles(lines);
      expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 150, committed: true });
      expect(await databaseFingerprint(site.testata.database.db)).toEqual(before);
    });

    test('updates an article whose content changed since the last import', async () => {
      const record = articleRecord({ slug: 'da-aggiornare' });
      await site.testata.importer.importArticles(toLines([record]));
      const report = await site.testata.importer.importArticles(
        toLines([{ ...record, title: 'Nuovo titolo', tags: ['altro'] }]),
      );
      expect(report).toMatchObject({ created: 0, updated: 1 });
      const { article } = await site.testata.contentApi.getArticle('da-aggiornare');
      expect(article.title).toBe('Nuovo titolo');
      expect(article.tags.map((t) => t.slug)).toEqual(['altro']);
    });

    test('a bad line in the middle names its line and field, and leaves the database exactly as it was', async () => {
      await site.testata.importer.importArticles(generatedArticleLines(20));
      const before = await databaseFingerprint(site.testata.database.db);
      const lines = toLines([
        articleRecord({ section: 'sezione-nuova', author: { slug: 'autrice-nuova', name: 'Autrice Nuova' } }),
        articleRecord(),
        articleRecord({ published_at: '2024-13-45T99:00:00Z' }),
        articleRecord(),
        articleRecord({ type: 'intervista', title: '' }),
      ]);
      lines.splice(3, 0, '{"slug": "rotto", ');
      const report = await site.testata.importer.importArticles(lines);
      expect(report.committed).toBe(false);
      expect(report.created).toBe(0);
      expect(report.problems).toEqual([
        { line: 3, field: 'published_at', message: expect.stringMatching(/ISO-8601|real date/) },
        { line: 4, field: '(line)', message: expect.stringContaining('is not valid JSON') },
        { line: 6, field: 'title', message: 'must not be empty' },
        { line: 6, field: 'type', message: expect.stringContaining('news') },
      ]);
      expect(await databaseFingerprint(site.testata.database.db)).toEqual(before);
    });

    test('a file that fails to read after batches were written leaves the database exactly as it was', async () => {
      const original = generatedArticleLines(1000);
      await site.testata.importer.importArticles(original);
      const before = await databaseFingerprint(site.testata.database.db);
      const changed = original.map((line) => JSON.stringify({ ...JSON.parse(line), title: 'Titolo corretto' }));
      // Two whole batches: the second is being written when the read fails.
      async function* failingRead() {
        yield* changed;
        throw new Error('EIO: i/o error, read');
      }
      await expect(site.testata.importer.importArticles(failingRead())).rejects.toThrow('EIO');
      await new Promise((resolve) => setTimeout(resolve, 500)); // time for a write that outlived the transaction
      expect(await databaseFingerprint(site.testata.database.db)).toEqual(before);
      // The connection is usable again.
      const report = await site.testata.importer.importArticles(changed.slice(0, 3));
      expect(report).toMatchObject({ committed: true, updated: 3 });
    });

    test('refuses a file that repeats a slug, naming both lines', async () => {
      const report = await site.testata.importer.importArticles(
        toLines([articleRecord({ slug: 'doppio' }), articleRecord(), articleRecord({ slug: 'doppio' })]),
      );
      expect(report.committed).toBe(false);
      expect(report.problems).toEqual([{ line: 3, field: 'slug', message: 'repeats the slug of line 1' }]);
    });

    test("refuses sections and articles named like the site's own paths", async () => {
      const report = await site.testata.importer.importArticles(
        toLines([articleRecord({ section: 'feed' }), articleRecord({ slug: 'tag' })]),
      );
      expect(report.committed).toBe(false);
      expect(report.problems).toEqual([
        { line: 1, field: 'section', message: 'is a name the site reserves for its own pages' },
        { line: 2, field: 'slug', message: 'is a name the site reserves for its own pages' },
      ]);
    });

    test('refuses a body beyond the size limit, naming the field', async () => {
      const report = await site.testata.importer.importArticles(
        toLines([articleRecord({ body_markdown: 'a'.repeat(300_000) })]),
      );
      expect(report.committed).toBe(false);
      expect(report.problems[0]).toMatchObject({ line: 1, field: 'body_markdown' });
    });

    test('refuses amplifying Markdown in a body, naming the record and the line of the body (issue 20, F4 and F7)', async () => {
      const wideTable = `Intro.\n\n${`|${'a|'.repeat(400)}\n|${'-|'.repeat(400)}\n${'a\n'.repeat(160)}\n`.repeat(100)}`;
      const deepEmphasis = `Intro.\n\n${'*a **a '.repeat(5_000)}${'a** a* '.repeat(5_000)}`;
      const report = await site.testata.importer.importArticles(
        toLines([
          articleRecord(),
          articleRecord({ body_markdown: wideTable }),
          articleRecord({ body_markdown: deepEmphasis }),
        ]),
      );
      expect(report.committed).toBe(false);
      expect(report.problems).toEqual([
        {
          line: 2,
          field: 'body_markdown',
          message:
            'Article body has more than 55555 table cells by the table at line 3; ' +
            'every row counts as many cells as its header has columns.',
        },
        {
          line: 3,
          field: 'body_markdown',
          message: 'Article body nests emphasis, strikethrough and links more than 32 levels deep (line 3).',
        },
      ]);
    }, 20_000);

    test('stores a published article dated in the future as scheduled, reports it, and the job publishes it on time', async () => {
      const inAnHour = new Date(Date.now() + 3600_000).toISOString();
      const lines = toLines([
        articleRecord({ slug: 'sotto-embargo', section: 'cronaca', published_at: inAnHour }),
        articleRecord({ slug: 'di-ieri', section: 'cronaca' }),
      ]);
      const report = await site.testata.importer.importArticles(lines);
      expect(report).toMatchObject({ committed: true, created: 2, scheduled: 1 });
      expect((await site.app.inject('/cronaca/sotto-embargo/')).statusCode).toBe(404);
      expect((await site.app.inject('/cronaca/di-ieri/')).statusCode).toBe(200);
      // Imported again, it is the same article: still scheduled, unchanged.
      expect(await site.testata.importer.importArticles(lines)).toMatchObject({ unchanged: 2, scheduled: 1 });

      const later = () => new Date(Date.parse(inAnHour) + 1000);
      const { db, dialect } = site.testata.database;
      const publishing = new ScheduledPublishingService(createTransactionRunner(db, dialect), later);
      expect(await publishing.publishDueArticles()).toBe(1);
      expect((await site.app.inject('/cronaca/sotto-embargo/')).statusCode).toBe(200);
    });

    test('keeps redirects from former paths to the article', async () => {
      const record = articleRecord({
        slug: 'nuovo-indirizzo',
        section: 'cronaca',
        former_paths: ['/2019/05/vecchio-indirizzo.html'],
      });
      await site.testata.importer.importArticles(toLines([record]));
      const response = await site.app.inject('/2019/05/vecchio-indirizzo.html');
      expect(response.statusCode).toBe(301);
      expect(response.headers.location).toBe('/cronaca/nuovo-indirizzo/');
    });
  });
});
