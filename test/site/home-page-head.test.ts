// What the front page tells search engines about the publication, whatever an editor has written (issue 20, F14).
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

const metaDescriptionOf = async () => {
  const html = (await site.app.inject({ method: 'GET', url: '/' })).body;
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
