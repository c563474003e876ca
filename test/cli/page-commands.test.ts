// `testata page list|set|remove` as an editor runs it, against the database of a running site on each dialect.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeEachDatabase } from '../support/test-databases.ts';
import { runSiteCommand } from '../support/site-command.ts';
import { createTestSite, type TestSite, debugEnv } from '../support/test-site.ts';

const kindsList = 'about, masthead, publishing-principles, corrections-policy, ethics-policy';

describeEachDatabase('on %s', (database) => {
  let site: TestSite;
  beforeAll(async () => {
    // No demo: every page starts absent.
    site = await createTestSite({ database, demo: false, env: debugEnv });
  });
  afterAll(() => site?.close());

  // The command runs in its own process, on the site's database, as an editor's would beside the server.
  const testata = (args: string[]) => runSiteCommand(site, args);
  const writeFile = (name: string, text: string) => {
    const file = path.join(site.dataDir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const get = (url: string) => site.app.inject({ method: 'GET', url });

  test('--help on each page command says what it does and lists the kinds with their addresses', async () => {
    const help = await testata(['page', '--help']);
    expect(help.status).toBe(0);
    for (const command of ['list', 'set', 'remove']) expect(help.stdout).toContain(command);
    const setHelp = await testata(['page', 'set', '--help']);
    expect(setHelp.stdout).toContain('--title <title>');
    expect(setHelp.stdout).toContain('--description <text>');
    expect(setHelp.stdout).toMatch(/masthead\s+\/redazione\//);
    expect((await testata(['page', 'remove', '--help'])).stdout).toMatch(/about\s+\/chi-siamo\//);
  });

  test('refuses an unknown kind, naming the valid ones, and a file it cannot read', async () => {
    const unknown = await testata(['page', 'set', 'chi-siamo', writeFile('a.md', 'Testo.')]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(`Unknown page kind "chi-siamo": use one of ${kindsList}.`);
    const missing = await testata(['page', 'set', 'about', path.join(site.dataDir, 'non-esiste.md')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*non-esiste\.md: no such file/);
    expect((await testata(['page', 'remove', 'ignota'])).stderr).toContain(`use one of ${kindsList}`);
  });

  test('refuses a new page without a title and writes nothing', async () => {
    const result = await testata(['page', 'set', 'about', writeFile('senza-titolo.md', 'Siamo una cooperativa.')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('needs a title');
    expect(result.stderr).toContain('Nothing was written.');
    expect((await get('/chi-siamo/')).statusCode).toBe(404);
  });

  test('refuses front matter with an unknown field, naming the file and the line, and writes nothing', async () => {
    const file = writeFile(
      'titolo-italiano.md',
      '---\ntitle: Chi siamo\ntitolo: Chi siamo\n---\nSiamo una cooperativa.',
    );
    const result = await testata(['page', 'set', 'about', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `page set: ${file}: line 3: Unknown front matter field "titolo": only title and description are read. Nothing was written.\n`,
    );
    expect((await get('/chi-siamo/')).statusCode).toBe(404);
  });

  test('sets, lists and removes a page, which a running site shows and drops once its change feed polls', async () => {
    const file = writeFile(
      'redazione.md',
      '---\ndescription: Chi fa il giornale.\n---\n# Direzione\n\nLorenzo Bellandi, direttore.\n',
    );
    const created = await testata(['page', 'set', 'masthead', file, '--title', 'Redazione']);
    expect(created.stderr).toBe('');
    expect(created.stdout).toBe('Created masthead at /redazione/: "Redazione".\n');
    await site.testata.changeFeed.poll();
    const page = await get('/redazione/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Lorenzo Bellandi, direttore.');
    expect(page.body).toContain('<meta name="description" content="Chi fa il giornale."/>');
    expect((await get('/redazione/')).headers['x-cache']).toBe('HIT');

    const list = await testata(['page', 'list']);
    expect(list.stdout).toMatch(/^masthead\s+\/redazione\/\s+\d{4}-\d{2}-\d{2}T\S+Z {2}Redazione$/m);
    expect(list.stdout).toMatch(/^about\s+\/chi-siamo\/\s+\(no page yet/m);

    // The title stays as it was when neither the file nor an option gives one.
    fs.writeFileSync(file, '# Direzione\n\nLorenzo Bellandi, direttore responsabile.\n');
    expect((await testata(['page', 'set', 'masthead', file])).stdout).toBe(
      'Updated masthead at /redazione/: "Redazione".\n',
    );
    expect((await testata(['page', 'set', 'masthead', file])).stdout).toBe(
      'Unchanged: masthead at /redazione/: "Redazione".\n',
    );
    await site.testata.changeFeed.poll();
    const edited = await get('/redazione/');
    expect(edited.headers['x-cache']).toBe('MISS');
    expect(edited.body).toContain('Lorenzo Bellandi, direttore responsabile.');

    const removed = await testata(['page', 'remove', 'masthead']);
    expect(removed.stdout).toBe('Removed masthead: /redazione/ now answers 404.\n');
    await site.testata.changeFeed.poll();
    expect((await get('/redazione/')).statusCode).toBe(404);
    const again = await testata(['page', 'remove', 'masthead']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('there is no masthead page; nothing was removed.');
  });
});
