// What the front page and listings tell search engines (their meta description), whatever an editor has written
// (issue 20, F14: Lighthouse's SEO audit fails a page without one).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { publicationKey } from '../../src/domain/content-keys.ts';
import { unnamedPublication } from '../../src/domain/publication.ts';
import { createRepositories } from '../../src/storage/repositories.ts';
import { articleRecord, toLines } from '../support/article-records.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

let site: TestSite;
// As after importing an archive into a fresh data directory: articles, but no publication described yet.
beforeAll(async () => {
  site = await createTestSite({ demo: false });
  expect((await site.testata.importer.importArticles(toLines([articleRecord({})]))).committed).toBe(true);
});
afterAll(() => site?.close());

const metaDescriptionOf = async (url = '/') => {
  const html = (await site.app.inject({ method: 'GET', url })).body;
  return /<meta name="description" content="([^"]*)"\/>/.exec(html)?.[1];
};

async function describePublication(description: string): Promise<void> {
  const { db, dialect } = site.testata.database;
  const repositories = createRepositories(db, dialect);
  const now = new Date().toISOString();
  await repositories.publications.save({ ...unnamedPublication, name: 'La Gazzetta', description }, now);
  await repositories.contentChanges.record([publicationKey], now);
  await site.testata.changeFeed.poll();
}

describe('the home page meta description', () => {
  test('is there even before the publication is described', async () => {
    expect(await metaDescriptionOf()).toBe('Testata: notizie, opinioni e analisi.');
  });

  test("is the publication's description, escaped", async () => {
    await describePublication('Cronaca "locale" & <b>politica</b>');
    expect(await metaDescriptionOf()).toBe('Cronaca &quot;locale&quot; &amp; &lt;b>politica&lt;/b>');
  });
});

describe('the meta description of a section, tag or author without a description of its own', () => {
  test('names the listing and the publication', async () => {
    expect(await metaDescriptionOf('/esteri/')).toBe('Esteri – La Gazzetta: tutti gli articoli.');
    expect(await metaDescriptionOf('/tag/prove/')).toBe('Argomento: Prove – La Gazzetta: tutti gli articoli.');
    expect(await metaDescriptionOf('/autore/redazione-prove/')).toBe(
      'Redazione Prove – La Gazzetta: tutti gli articoli.',
    );
  });
});
