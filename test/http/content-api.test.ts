import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, testPublicUrl, type TestSite } from '../support/test-site.ts';

describeEachDatabase('on %s', (database) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite({ database });
  });
  afterAll(() => site.close());

  const getJson = async (url: string) => {
    const response = await site.app.inject(url);
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  };

  describe('Content API', () => {
    test('lists published articles newest first, each with its absolute url', async () => {
      const { status, body, headers } = await getJson('/api/v1/articles');
      expect(status).toBe(200);
      expect(headers['content-type']).toBe('application/json; charset=utf-8');
      expect(body.articles).toHaveLength(20);
      const first = body.articles[0];
      expect(first).toMatchObject({
        url: expect.stringMatching(new RegExp(`^${testPublicUrl}/[a-z]+/[a-z0-9-]+/$`)),
        type: expect.stringMatching(/^(news|opinion|analysis)$/),
        section: { slug: expect.any(String), url: expect.stringMatching(/^http:\/\/testata\.test\//) },
        authors: [expect.objectContaining({ url: expect.stringMatching(/^http:\/\/testata\.test\/autore\//) })],
      });
      const dates = body.articles.map((a: { published_at: string }) => a.published_at);
      expect([...dates].sort().reverse()).toEqual(dates);
    });

    test('pages through everything with cursors, without repeats or gaps', async () => {
      const seen: string[] = [];
      let url = '/api/v1/articles?limit=7';
      for (;;) {
        const { body } = await getJson(url);
        seen.push(...body.articles.map((a: { slug: string }) => a.slug));
        if (!body.next_cursor) break;
        url = `/api/v1/articles?limit=7&cursor=${body.next_cursor}`;
      }
      expect(seen).toHaveLength(30);
      expect(new Set(seen).size).toBe(30);
    });

    test('filters by section, tag, author and type', async () => {
      const bySection = await getJson('/api/v1/articles?section=economia&limit=100');
      expect(bySection.body.articles.length).toBeGreaterThan(0);
      expect(bySection.body.articles.every((a: { section: { slug: string } }) => a.section.slug === 'economia')).toBe(
        true,
      );

      const byType = await getJson('/api/v1/articles?type=opinion&limit=100');
      expect(byType.body.articles).toHaveLength(8);

      const byAuthor = await getJson('/api/v1/articles?author=lorenzo-bellandi');
      expect(byAuthor.body.articles.length).toBeGreaterThan(0);
      expect(
        byAuthor.body.articles.every((a: { authors: { slug: string }[] }) =>
          a.authors.some((x) => x.slug === 'lorenzo-bellandi'),
        ),
      ).toBe(true);

      const byTag = await getJson('/api/v1/articles?tag=russia');
      expect(byTag.body.articles.length).toBeGreaterThan(0);
      for (const summary of byTag.body.articles) {
        const { body } = await getJson(`/api/v1/articles/${summary.slug}`);
        expect(body.article.tags.map((t: { slug: string }) => t.slug)).toContain('russia');
      }
    });

    test('returns one article in full', async () => {
      const { status, body } = await getJson('/api/v1/articles/pechino-stretta-export-terre-rare');
      expect(status).toBe(200);
      expect(body.article).toMatchObject({
        slug: 'pechino-stretta-export-terre-rare',
        url: `${testPublicUrl}/economia/pechino-stretta-export-terre-rare/`,
        type: 'news',
        dateline: 'PECHINO',
        section: { slug: 'economia', name: 'Economia', url: `${testPublicUrl}/economia/` },
        sources: [
          { name: 'Xinhua', kind: 'agency', url: null },
          { name: 'Reuters', kind: 'agency', url: null },
          {
            name: 'Avviso del ministero del Commercio cinese',
            kind: 'document',
            url: 'https://example.org/avviso-licenze-export',
          },
        ],
        corrections: [
          { at: '2026-10-14T11:05:00.000Z', kind: 'correction', text: expect.stringContaining('sono sette') },
        ],
        published_at: '2026-10-14T06:30:00.000Z',
        updated_at: '2026-10-14T11:05:00.000Z',
      });
      expect(body.article.body_html).toContain('<span class="dateline">PECHINO</span>');
    });

    test('lists authors, sections and tags with their urls', async () => {
      const authors = await getJson('/api/v1/authors');
      expect(authors.body.authors).toHaveLength(12);
      expect(authors.body.authors[0]).toMatchObject({
        url: expect.stringMatching(/\/autore\/[a-z-]+\/$/),
        kind: expect.any(String),
      });
      const sections = await getJson('/api/v1/sections');
      expect(sections.body.sections.map((s: { slug: string }) => s.slug)).toEqual([
        'esteri',
        'politica',
        'economia',
        'cultura',
        'cronaca',
        'opinioni',
      ]);
      const tags = await getJson('/api/v1/tags');
      expect(tags.body.tags.length).toBeGreaterThan(10);
      expect(tags.body.tags[0].url).toMatch(/^http:\/\/testata\.test\/tag\//);
    });

    test('answers bad requests with a JSON error naming the field', async () => {
      expect(await getJson('/api/v1/articles?limit=500')).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', field: 'limit' } },
      });
      expect(await getJson('/api/v1/articles?type=intervista')).toMatchObject({
        status: 400,
        body: { error: { field: 'type' } },
      });
      expect(await getJson('/api/v1/articles?colore=blu')).toMatchObject({
        status: 400,
        body: { error: { field: 'colore' } },
      });
      expect(await getJson('/api/v1/articles?cursor=nonvalido')).toMatchObject({
        status: 400,
        body: { error: { field: 'cursor' } },
      });
      expect(await getJson('/api/v1/articles?section=inesistente')).toMatchObject({
        status: 404,
        body: { error: { code: 'NOT_FOUND', field: 'section' } },
      });
      expect(await getJson('/api/v1/articles/inesistente')).toMatchObject({
        status: 404,
        body: { error: { code: 'NOT_FOUND' } },
      });
      expect(await getJson('/api/v1/nulla')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    });
  });

  describe('operations', () => {
    test('reports health and Prometheus metrics', async () => {
      expect(await getJson('/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
      const metrics = await site.app.inject('/metrics');
      expect(metrics.headers['content-type']).toContain('text/plain');
      expect(metrics.body).toMatch(/^testata_page_cache_hits_total \d+$/m);
      expect(metrics.body).toMatch(/^process_resident_memory_bytes \d+$/m);
    });
  });
});
