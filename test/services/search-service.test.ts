// Search relevance on a small Italian archive, on both databases: morphological variants, accents typed
// as apostrophes, elisions, phrases, exclusions, filters, and the index following every article write.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SearchInput } from '../../src/services/search-service.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

const marco = { slug: 'marco-ferri', name: 'Marco Ferri' };
const anna = { slug: 'anna-galli', name: 'Anna Galli' };

/** A small archive where each query has one clearly right first answer. */
export const searchFixture = [
  articleRecord({
    slug: 'esercitazioni-militari-nel-mediterraneo',
    title: 'Esercitazioni militari congiunte nel Mediterraneo',
    subtitle: 'Tre marine per due settimane al largo della Sicilia.',
    section: 'esteri',
    author: anna,
    published_at: '2024-05-10T08:00:00Z',
    body_markdown:
      "Le navi sono partite all'alba. L'esercito italiano partecipa con due reparti di fanteria di marina.",
  }),
  articleRecord({
    slug: 'riforma-della-scuola',
    title: 'Il governo discute la riforma della scuola',
    subtitle: 'Il testo arriva in consiglio dei ministri.',
    section: 'politica',
    author: anna,
    sources: ['Reuters'],
    published_at: '2024-05-12T08:00:00Z',
    body_markdown:
      'Perché la città di Bari chiede più insegnanti: lo spiega il sindaco, che attende una risposta entro giugno.',
  }),
  articleRecord({
    slug: 'la-ministra-a-mosca',
    title: 'La ministra a Mosca per i colloqui sul gas',
    subtitle: 'Il ministro degli Esteri incontra la controparte russa.',
    section: 'esteri',
    type: 'analysis',
    author: marco,
    published_at: '2024-04-02T08:00:00Z',
    body_markdown:
      'Al centro dei colloqui la tregua e le forniture di gas naturale per il prossimo inverno, come riporta Известия.',
  }),
  articleRecord({
    slug: 'tregua-fragile-al-confine',
    title: 'Una tregua fragile al confine',
    subtitle: 'Le parti si accusano a vicenda.',
    section: 'esteri',
    type: 'opinion',
    section_name: 'Esteri',
    author: marco,
    published_at: '2024-03-15T08:00:00Z',
    body_markdown:
      "Un'esercitazione militare a pochi chilometri dalla linea ha irritato Mosca. Gli esteri di entrambi i paesi tacciono.",
  }),
  articleRecord({
    slug: 'tregua-nel-porto',
    title: 'Tregua sindacale nel porto di Genova',
    subtitle: 'Firmato l’accordo dopo tre giorni di sciopero.',
    section: 'cronaca',
    author: anna,
    published_at: '2023-11-20T08:00:00Z',
    body_markdown: 'I lavoratori del porto tornano al lavoro lunedì.',
  }),
  articleRecord({
    slug: 'esercitazione-segreta-bozza',
    title: 'Esercitazione segreta',
    status: 'draft',
    published_at: null,
    body_markdown: 'Una bozza su una esercitazione militare: non ancora pubblicata.',
  }),
  articleRecord({
    slug: 'esercitazione-riservata',
    title: 'Esercitazione riservata',
    noindex: true,
    published_at: '2024-05-01T08:00:00Z',
    body_markdown: 'Un articolo ritirato dalle ricerche: esercitazione militare.',
  }),
];

describeEachDatabase('search on %s', (database) => {
  let site: TestSite;
  const search = async (text: string, filters: Partial<SearchInput> = {}) => {
    const outcome = await site.testata.search.search({ text, page: 1, ...filters });
    return outcome.results.map((r) => r.article.slug);
  };

  beforeAll(async () => {
    site = await createTestSite({ demo: false, database });
    const report = await site.testata.importer.importArticles(toLines(searchFixture));
    expect(report.problems).toEqual([]);
  });
  afterAll(async () => {
    await site?.close();
  });
  /** Runs a test that writes on a site of its own, so that the shared one keeps the fixture for every other test. */
  async function onOwnSite(body: () => Promise<void>): Promise<void> {
    const shared = site;
    site = await createTestSite({ demo: false, database });
    try {
      await body();
    } finally {
      await site.close();
      site = shared;
    }
  }

  it('finds singular and plural, masculine and feminine forms, a title match first', async () => {
    expect(await search('esercitazione')).toEqual([
      'esercitazioni-militari-nel-mediterraneo',
      'tregua-fragile-al-confine',
    ]);
    expect(await search('militare')).toEqual(['esercitazioni-militari-nel-mediterraneo', 'tregua-fragile-al-confine']);
    expect(await search('ministro')).toEqual(['la-ministra-a-mosca', 'riforma-della-scuola']);
  });

  it('ignores accents, accents typed as apostrophes, elisions and case', async () => {
    for (const text of ['perche', "perche'", 'perché', 'PERCHÉ', "citta'", 'citta', 'città']) {
      expect(await search(text), text).toEqual(['riforma-della-scuola']);
    }
    expect(await search("l'esercito")).toEqual(['esercitazioni-militari-nel-mediterraneo']);
    expect(await search('esercito')).toEqual(['esercitazioni-militari-nel-mediterraneo']);
  });

  it('finds a word written in another alphabet, in any case', async () => {
    expect(await search('Известия')).toEqual(['la-ministra-a-mosca']);
    expect(await search('ИЗВЕСТИЯ')).toEqual(['la-ministra-a-mosca']);
  });

  it('requires every word, and matches words across title, standfirst, body and sources', async () => {
    expect(await search('tregua gas')).toEqual(['la-ministra-a-mosca']);
    expect(await search('Reuters')).toEqual(['riforma-della-scuola']);
    expect(await search('governo Sicilia')).toEqual([]);
  });

  it('matches a quoted phrase only with its words together and in order', async () => {
    expect(await search('"ministro degli Esteri"')).toEqual(['la-ministra-a-mosca']);
    expect(await search('"esteri ministro"')).toEqual([]);
    expect(await search('ministro esteri')).toEqual(['la-ministra-a-mosca']);
  });

  it('leaves out articles holding an excluded word or phrase', async () => {
    expect(await search('tregua')).toEqual(['tregua-fragile-al-confine', 'tregua-nel-porto', 'la-ministra-a-mosca']);
    expect(await search('tregua -Mosca')).toEqual(['tregua-nel-porto']);
    expect(await search('tregua -"gas naturale"')).toEqual(['tregua-fragile-al-confine', 'tregua-nel-porto']);
  });

  it('narrows by section, type, author and dates in the publication calendar', async () => {
    expect(await search('tregua', { section: 'cronaca' })).toEqual(['tregua-nel-porto']);
    expect(await search('tregua', { type: 'analysis' })).toEqual(['la-ministra-a-mosca']);
    expect(await search('tregua', { author: 'marco-ferri' })).toEqual([
      'tregua-fragile-al-confine',
      'la-ministra-a-mosca',
    ]);
    expect(await search('tregua', { from: '2024-01-01', to: '2024-03-31' })).toEqual(['tregua-fragile-al-confine']);
    // 10:00 in Rome on 2 April is still 2 April: the day filter follows the publication's time zone.
    expect(await search('tregua', { from: '2024-04-02', to: '2024-04-02' })).toEqual(['la-ministra-a-mosca']);
  });

  it('reports filters that name nothing and searches without them', async () => {
    const outcome = await site.testata.search.search({
      text: 'tregua',
      page: 1,
      section: 'sport',
      type: 'gossip',
      from: '2024-02-30',
      author: 'nessuno',
    });
    expect(outcome.invalidFilters).toEqual([
      { field: 'section', value: 'sport' },
      { field: 'type', value: 'gossip' },
      { field: 'author', value: 'nessuno' },
      { field: 'from', value: '2024-02-30' },
    ]);
    expect(outcome.total).toBe(3);
  });

  it('never finds a draft or an article withdrawn from indexing', async () => {
    expect(await search('segreta')).toEqual([]);
    expect(await search('riservata')).toEqual([]);
  });

  it('marks the matching words in a passage of the body', async () => {
    const outcome = await site.testata.search.search({ text: 'esercitazioni militari', page: 1 });
    const snippet = outcome.results.find((r) => r.article.slug === 'tregua-fragile-al-confine')?.snippet ?? [];
    expect(snippet.filter((p) => p.isMatch).map((p) => p.text)).toEqual(['esercitazione', 'militare']);
    expect(snippet.map((p) => p.text).join('')).toContain("Un'esercitazione militare a pochi chilometri");
  });

  it('answers absurd queries with notes or results, never an error', async () => {
    // [query, the notes the page explains, how many articles it finds]
    const cases: [string, string[], number][] = [
      ['', ['empty'], 0],
      ['   ', ['empty'], 0],
      ['!!! ??? ...', ['empty'], 0],
      ['"', ['empty'], 0],
      ['"tregua', [], 3],
      ['tregua"', [], 3],
      ['""""', ['empty'], 0],
      ["'; DROP TABLE articles; --", [], 0],
      ['tregua OR 1=1', [], 0],
      ['NEAR(tregua gas) title:tregua tregu* ^tregua {title}:x', [], 0],
      ['tregua & gas | !mosca <-> :* (', [], 1],
      ['\u0000tregua\u0000', [], 3],
      ['🕊️ tregua ✌️', [], 3],
      ['هدنة', [], 0],
      ['-', ['empty'], 0],
      ['- - -tregua', ['only-exclusions'], 0],
      ['x'.repeat(10_000), ['too-long', 'only-common-words'], 0],
      ['tregua '.repeat(2_000), ['too-long'], 3],
      [Array.from({ length: 500 }, (_, i) => `"parola${i}`).join(' '), ['too-long', 'too-many-words'], 0],
    ];
    for (const [text, notes, found] of cases) {
      const outcome = await site.testata.search.search({ text, page: 1 });
      expect(
        { notes: outcome.notes, total: outcome.total, results: outcome.results.length },
        JSON.stringify(text.slice(0, 40)),
      ).toEqual({
        notes,
        total: found,
        results: found,
      });
    }
    expect((await site.testata.search.search({ text: '!!! ???', page: 1 })).notes).toEqual(['empty']);
    expect(await search('tregua OR 1=1')).toEqual([]);
    expect(await search('tregua"')).toEqual(['tregua-fragile-al-confine', 'tregua-nel-porto', 'la-ministra-a-mosca']);
  });

  it('follows every article write: publish, edit, unpublish', () =>
    onOwnSite(async () => {
      const base = {
        slug: 'vertice-sul-clima-rinviato',
        section: 'esteri',
        author: anna,
        body_markdown: 'Le delegazioni tornano a casa.',
      };
      const write = async (overrides: Record<string, unknown>) => {
        const report = await site.testata.importer.importArticles(
          toLines([{ ...articleRecord(), ...base, ...overrides }]),
        );
        expect(report.problems).toEqual([]);
      };
      await write({ title: 'Vertice sul clima rinviato', status: 'draft', published_at: null });
      expect(await search('clima')).toEqual([]);
      await write({ title: 'Vertice sul clima rinviato', status: 'published', published_at: '2024-06-01T08:00:00Z' });
      expect(await search('clima')).toEqual(['vertice-sul-clima-rinviato']);
      await write({
        title: 'Vertice sulla siccità rinviato',
        status: 'published',
        published_at: '2024-06-01T08:00:00Z',
      });
      expect(await search('clima')).toEqual([]);
      expect(await search('siccita')).toEqual(['vertice-sul-clima-rinviato']);
      await write({
        title: 'Vertice sulla siccità rinviato',
        status: 'archived',
        published_at: '2024-06-01T08:00:00Z',
      });
      expect(await search('siccita')).toEqual([]);
    }));

  it('publishes a scheduled article into the index when its time comes', () =>
    onOwnSite(async () => {
      const report = await site.testata.importer.importArticles(
        toLines([
          articleRecord({
            slug: 'alluvione-in-romagna',
            title: 'Alluvione in Romagna',
            status: 'scheduled',
            published_at: '2024-07-01T06:00:00Z',
          }),
        ]),
      );
      expect(report.problems).toEqual([]);
      expect(await search('alluvione')).toEqual([]);
      const now = new Date().toISOString();
      await site.testata.jobs.enqueue(
        { kind: 'publish-scheduled-articles', uniqueKey: 'publish-scheduled-articles', runAt: now },
        now,
      );
      expect(await site.testata.jobRunner.runOne()).toBe(true);
      expect(await search('alluvione')).toEqual(['alluvione-in-romagna']);
    }));

  it('rebuilds the whole index to the same answers', async () => {
    const before = await search('tregua');
    const indexable = searchFixture.filter(
      (record) => (record.status ?? 'published') === 'published' && record.noindex !== true,
    );
    expect(await site.testata.search.rebuildIndex()).toBe(indexable.length);
    expect(await search('tregua')).toEqual(before);
  });
});
