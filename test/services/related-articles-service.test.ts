import { afterEach, beforeEach, expect, test } from 'vitest';
import { computeRelatedJobKind } from '../../src/services/related-articles-service.ts';
import { createRepositories } from '../../src/storage/repositories.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, type TestSite, debugEnv } from '../support/test-site.ts';

/** A small newsroom: a drought story, its closest follow-up (other tags, other section), a festival sharing only a tag. */
const drought = articleRecord({
  slug: 'siccita-in-sicilia',
  section: 'economia',
  title: 'Siccità in Sicilia, gli agricoltori chiedono aiuti per i raccolti perduti',
  subtitle: 'Le aziende agricole siciliane contano i danni: grano e agrumi senza acqua da mesi.',
  tags: ['sicilia'],
  published_at: '2024-06-10T08:00:00Z',
  body_markdown:
    'PALERMO - Gli agricoltori siciliani hanno chiesto alla Regione aiuti immediati. La siccità ha bruciato i raccolti di grano ' +
    'e gli agrumeti restano senza acqua. Gli invasi sono quasi vuoti e le aziende agricole temono di chiudere.',
});
const followUp = articleRecord({
  slug: 'agricoltore-siciliano-raccolto',
  section: 'cronaca',
  title: "L'agricoltore siciliano e il raccolto perduto per la siccità",
  subtitle: "Un'azienda agricola racconta l'estate senza acqua: il grano secco, l'agrumeto abbandonato.",
  tags: ['clima'],
  published_at: '2024-06-12T08:00:00Z',
  body_markdown:
    "CALTANISSETTA - Ogni agricoltore della zona ha perso il raccolto di grano. L'invaso è vuoto, la siccità continua " +
    "e l'azienda agricola chiede un aiuto immediato alla Regione.",
});
const festival = articleRecord({
  slug: 'festival-del-cinema-a-palermo',
  section: 'cultura',
  title: 'Festival del cinema a Palermo, registi e attrici sul tappeto rosso',
  subtitle: 'Sette giorni di proiezioni, incontri e premi nel centro storico.',
  tags: ['sicilia'],
  published_at: '2024-06-09T08:00:00Z',
  body_markdown:
    'PALERMO - Il festival apre con un film restaurato. Registi, attrici e pubblico riempiono le sale del centro storico.',
});
const fillers = [
  [
    'legge-di-bilancio',
    'Legge di bilancio, il governo presenta la manovra in Parlamento',
    'La manovra taglia le tasse sul lavoro e rinvia la riforma delle pensioni.',
  ],
  [
    'derby-di-milano',
    'Derby di Milano, la partita finisce in parità',
    'Allo stadio ottantamila tifosi; due gol nel secondo tempo.',
  ],
  [
    'treni-in-ritardo',
    'Treni in ritardo sulla linea adriatica per un guasto',
    'I pendolari aspettano per ore in stazione; la ferrovia promette rimborsi.',
  ],
].map(([slug, title, body], i) =>
  articleRecord({
    slug,
    title,
    section: 'politica',
    tags: ['varie'],
    published_at: `2024-05-0${i + 1}T08:00:00Z`,
    body_markdown: body,
  }),
);
/** Nearly the same text as the drought story, but a draft and an article kept out of search engines. */
const draft = { ...drought, slug: 'siccita-bozza', status: 'draft', tags: ['clima'] };
const hidden = { ...drought, slug: 'siccita-nascosta', noindex: true, tags: ['clima'] };

describeEachDatabase('related articles by text on %s', (database) => {
  let site: TestSite;
  const get = (url: string) => site.app.inject({ method: 'GET', url });
  const db = () => site.testata.database.db;
  const relatedSlugs = async (slug: string) =>
    (
      await db()
        .selectFrom('related_articles')
        .innerJoin('articles as owner', 'owner.id', 'related_articles.article_id')
        .innerJoin('articles as shown', 'shown.id', 'related_articles.related_id')
        .select('shown.slug')
        .where('owner.slug', '=', slug)
        .orderBy('related_articles.position')
        .execute()
    ).map((r) => r.slug);
  const runJob = async () => {
    const now = new Date().toISOString();
    await site.testata.jobs.enqueue({ kind: computeRelatedJobKind, uniqueKey: computeRelatedJobKind, runAt: now }, now);
    // The job is periodic: after a run it waits for its next check; bring that check to now.
    await db().updateTable('jobs').set({ run_at: now }).where('kind', '=', computeRelatedJobKind).execute();
    while (await site.testata.jobRunner.runOne()) {
      // the job runs again at once while work is left
    }
  };

  beforeEach(async () => {
    site = await createTestSite({ demo: false, database, env: debugEnv });
    const report = await site.testata.importer.importArticles(
      toLines([drought, followUp, festival, ...fillers, draft, hidden]),
    );
    expect(report.committed).toBe(true);
  });
  afterEach(() => site.close());

  test('relates the textually closest article, written with other forms of the same words, over one sharing only a tag', async () => {
    await runJob();
    const related = await relatedSlugs('siccita-in-sicilia');
    expect(related[0]).toBe('agricoltore-siciliano-raccolto');
    expect(related).not.toContain('festival-del-cinema-a-palermo');
    expect(await relatedSlugs('agricoltore-siciliano-raccolto')).toEqual(['siccita-in-sicilia']);
  });

  test('never relates a draft, an article kept out of search engines, or one unpublished since', async () => {
    await runJob();
    const lists = await db()
      .selectFrom('related_articles')
      .innerJoin('articles', 'articles.id', 'related_articles.related_id')
      .select('articles.slug')
      .execute();
    expect(lists.map((r) => r.slug)).not.toEqual(expect.arrayContaining(['siccita-bozza']));
    expect(lists.map((r) => r.slug)).not.toContain('siccita-nascosta');
    expect(await relatedSlugs('siccita-nascosta')).toEqual([]);

    await site.testata.importer.importArticles(toLines([{ ...followUp, status: 'archived' }]));
    // Before the job runs again, the page already leaves it out (and falls back to the tag list).
    expect((await get('/economia/siccita-in-sicilia/')).body).not.toContain('raccolto perduto');
    await runJob();
    expect(await relatedSlugs('siccita-in-sicilia')).not.toContain('agricoltore-siciliano-raccolto');
    expect(await relatedSlugs('agricoltore-siciliano-raccolto')).toEqual([]);
  });

  test('a scheduled article is related once the scheduled-publishing job publishes it, and enters older lists', async () => {
    await runJob();
    const due = new Date(Date.now() - 60_000).toISOString();
    const scheduled = {
      ...followUp,
      slug: 'siccita-seconda-puntata',
      status: 'scheduled',
      published_at: due,
      tags: ['varie'],
    };
    await site.testata.importer.importArticles(toLines([scheduled]));
    const now = new Date().toISOString();
    await site.testata.jobs.enqueue(
      { kind: 'publish-scheduled-articles', uniqueKey: 'publish-scheduled-articles', runAt: now },
      now,
    );
    expect(await site.testata.jobRunner.runOne()).toBe(true);
    await runJob();
    expect(await relatedSlugs('siccita-seconda-puntata')).toEqual(
      expect.arrayContaining(['agricoltore-siciliano-raccolto', 'siccita-in-sicilia']),
    );
    // The older story's list takes in the new piece without being recomputed.
    expect(await relatedSlugs('siccita-in-sicilia')).toContain('siccita-seconda-puntata');
  });

  test('running the job again, even over every article queued anew, changes nothing', async () => {
    await runJob();
    const snapshot = async () => ({
      lists: await db().selectFrom('related_articles').selectAll().orderBy('article_id').orderBy('position').execute(),
      terms: await db().selectFrom('related_terms').selectAll().orderBy('article_id').orderBy('term').execute(),
      signatures: await db().selectFrom('related_signatures').selectAll().orderBy('article_id').execute(),
      counts: await db().selectFrom('related_term_counts').selectAll().orderBy('term').execute(),
      changes: (await db().selectFrom('content_changes').select('id').execute()).length,
    });
    const before = await snapshot();
    expect(before.lists.length).toBeGreaterThan(0);
    await runJob();
    expect(await snapshot()).toEqual(before);

    const published = await db()
      .selectFrom('articles')
      .select(['id', 'published_at'])
      .where('status', '=', 'published')
      .execute();
    await createRepositories(db(), site.testata.database.dialect).relatedArticles.markPending(
      published.map((a) => ({ id: a.id, publishedAt: a.published_at })),
      new Date().toISOString(),
    );
    expect((await site.testata.relatedArticles.computePending(10_000)).isDone).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  test('the article page shows the computed list, and its cached copy is dropped when the job computes it', async () => {
    await site.testata.changeFeed.poll();
    const before = await get('/economia/siccita-in-sicilia/');
    // Until the job runs, the articles sharing a tag stand in.
    expect(before.body).toContain('Festival del cinema a Palermo');
    expect((await get('/economia/siccita-in-sicilia/')).headers['x-cache']).toBe('HIT');
    expect((await get('/politica/legge-di-bilancio/')).headers['x-cache']).toBe('MISS');

    await runJob();
    await site.testata.changeFeed.poll();
    const after = await get('/economia/siccita-in-sicilia/');
    expect(after.headers['x-cache']).toBe('MISS');
    const related = after.body.slice(after.body.indexOf('Da leggere anche'));
    expect(related).toContain('<a href="/cronaca/agricoltore-siciliano-raccolto/">');
    expect(related).not.toContain('Festival del cinema a Palermo');
    // A page whose list did not change stays cached.
    expect((await get('/politica/legge-di-bilancio/')).headers['x-cache']).toBe('HIT');
  });
});
