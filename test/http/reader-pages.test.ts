import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { articleRecord, toLines } from '../support/article-records.ts';
import { describeEachDatabase } from '../support/test-databases.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

describeEachDatabase('on %s', (database) => {
  let site: TestSite;
  beforeAll(async () => {
    site = await createTestSite({ database });
  });
  afterAll(() => site.close());

  const get = (url: string, headers: Record<string, string> = {}) => site.app.inject({ method: 'GET', url, headers });

  describe('home page', () => {
    test('shows the lead story, the latest news, the opinion rail and section blocks, in Italian', async () => {
      const response = await get('/');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      const html = response.body;
      expect(html).toContain('<html lang="it">');
      expect(html).toContain('class="lead"');
      expect(html).toContain('Ultime notizie');
      expect(html).toMatch(/class="opinion-title">[^<]+<\/span><span class="opinion-author"> — di [A-Z]/);
      expect(html).toMatch(/<img class="opinion-photo" src="\/media\/autori\/[a-z-]+\.svg"/);
      expect(html).toContain('<a href="/esteri/">Esteri</a>');
    });

    test('carries the legal notice of a registered outlet in the footer', async () => {
      const html = (await get('/')).body;
      expect(html).toContain('Registrazione presso il Tribunale di Roma, n. 47/2021 del 22 aprile 2021');
      expect(html).toContain('<dt>Direttore responsabile</dt><dd>Lorenzo Bellandi</dd>');
      expect(html).toContain('<dt>P.IVA</dt><dd>IT01234567890</dd>');
      expect(html).toContain('<dt>Hosting</dt>');
    });
  });

  describe('article page', () => {
    test('shows label, headline, standfirst, byline, dateline, Italian dates, sources and tags', async () => {
      const response = await get('/esteri/vertice-sul-grano-a-mosca/');
      expect(response.statusCode).toBe(200);
      const html = response.body;
      expect(html).toContain('<span class="type-label">Notizia</span>');
      expect(html).toContain(
        '<h1 class="article-title">Vertice sul grano a Mosca, intesa parziale sulle forniture all\'Africa</h1>',
      );
      expect(html).toContain('class="article-standfirst">Russia, Turchia e sei Paesi africani');
      expect(html).toMatch(/<p class="byline">di <a href="\/autore\/tommaso-lupi\/">Tommaso Lupi<\/a><\/p>/);
      expect(html).toMatch(/<p><span class="dateline">MOSCA<\/span> – Dopo due giorni/);
      expect(html).toContain('<time datetime="2026-10-02T07:45:00.000Z">2 ottobre 2026, 09:45</time>');
      expect(html).toContain('<h2 id="fonti">Fonti</h2>');
      expect(html).toContain(
        '<a href="https://example.org/dichiarazione-vertice-grano" rel="noopener noreferrer">Dichiarazione finale del vertice</a>',
      );
      expect(html).toContain('<a href="/tag/russia/">Russia</a>');
      expect(html).toContain('<link rel="canonical" href="http://testata.test/esteri/vertice-sul-grano-a-mosca/"/>');
      expect(html).toContain('<meta property="og:type" content="article"/>');
      expect(html).toContain(
        '<meta property="og:image" content="http://testata.test/media/articoli/vertice-sul-grano-a-mosca.svg"/>',
      );
      expect(html).toMatch(
        /<img src="\/media\/articoli\/vertice-sul-grano-a-mosca.svg" alt="[^"]+" width="1200" height="675"/,
      );
    });

    test('shows when it was updated and its corrections', async () => {
      const html = (await get('/economia/pechino-stretta-export-terre-rare/')).body;
      expect(html).toContain('aggiornato il <time datetime="2026-10-14T11:05:00.000Z">14 ottobre 2026, 13:05</time>');
      expect(html).toContain('<h2 id="correzioni">Correzioni</h2>');
      expect(html).toMatch(
        /<strong>Correzione<\/strong> \(<time[^>]*>14 ottobre 2026, 13:05<\/time>\): Una versione precedente/,
      );
    });

    test('labels opinion and analysis pieces', async () => {
      expect((await get('/opinioni/un-giornale-che-appartiene-a-chi-legge/')).body).toContain(
        '<span class="type-label">Opinione</span>',
      );
      expect((await get('/economia/terre-rare-cosa-rischia-l-europa/')).body).toContain(
        '<span class="type-label">Analisi</span>',
      );
    });

    test('links related articles and the previous and next article of its section', async () => {
      const html = (await get('/economia/terre-rare-cosa-rischia-l-europa/')).body;
      expect(html).toContain('Da leggere anche');
      expect(html).toMatch(/class="neighbour-previous" href="\/economia\/[a-z0-9-]+\/"/);
      expect(html).toContain('Articolo precedente');
    });

    test('answers a request without the trailing slash with a permanent redirect', async () => {
      const response = await get('/esteri/vertice-sul-grano-a-mosca');
      expect(response.statusCode).toBe(301);
      expect(response.headers.location).toBe('http://testata.test/esteri/vertice-sul-grano-a-mosca/');
    });

    test('redirects an article requested under the wrong section to its own', async () => {
      const response = await get('/cultura/vertice-sul-grano-a-mosca/');
      expect(response.statusCode).toBe(301);
      expect(response.headers.location).toBe('/esteri/vertice-sul-grano-a-mosca/');
    });
  });

  describe('listings', () => {
    test('a section lists its articles newest first', async () => {
      const response = await get('/economia/');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<h1 class="listing-title">Economia</h1>');
      const times = [...response.body.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]);
      expect(times.length).toBeGreaterThan(2);
      expect([...times].sort().reverse()).toEqual(times);
    });

    test('a tag page and an author page show their articles; the author page shows bio and photo', async () => {
      const tag = await get('/tag/russia/');
      expect(tag.statusCode).toBe(200);
      expect(tag.body).toContain('Argomento: Russia');
      const author = await get('/autore/lorenzo-bellandi/');
      expect(author.statusCode).toBe(200);
      expect(author.body).toContain('<h1 class="listing-title">Lorenzo Bellandi</h1>');
      expect(author.body).toContain('Dirige Il Controvento dalla fondazione');
      expect(author.body).toContain('src="/media/autori/lorenzo-bellandi.svg"');
    });

    test('paginates with ?pagina=N and rel prev/next links', async () => {
      const extra = Array.from({ length: 45 }, (_, i) =>
        articleRecord({
          slug: `paginazione-${i}`,
          section: 'paginazione',
          published_at: `2024-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z`,
        }),
      );
      const report = await site.testata.importer.importArticles(toLines(extra));
      expect(report.committed).toBe(true);
      await site.testata.changeFeed.poll();

      const first = await get('/paginazione/');
      expect(first.body).toContain('<link rel="next" href="http://testata.test/paginazione/?pagina=2"/>');
      expect(first.body).not.toContain('rel="prev"');
      expect(first.body).toContain('Pagina 1 di 3');

      const second = await get('/paginazione/?pagina=2');
      expect(second.statusCode).toBe(200);
      expect(second.body).toContain('<link rel="prev" href="http://testata.test/paginazione/"/>');
      expect(second.body).toContain('<link rel="next" href="http://testata.test/paginazione/?pagina=3"/>');
      expect(second.body).toContain('<link rel="canonical" href="http://testata.test/paginazione/?pagina=2"/>');

      expect((await get('/paginazione/?pagina=3')).statusCode).toBe(200);
      expect((await get('/paginazione/?pagina=4')).statusCode).toBe(404);
      const explicitFirst = await get('/paginazione/?pagina=1');
      expect(explicitFirst.statusCode).toBe(301);
      expect(explicitFirst.headers.location).toBe('/paginazione/');
    });
  });

  describe('trailing-slash redirects', () => {
    test('send a section without its slash to the same address with it, query kept', async () => {
      const bare = await get('/esteri');
      expect(bare.statusCode).toBe(301);
      expect(bare.headers.location).toBe('http://testata.test/esteri/');
      const withQuery = await get('/esteri?pagina=2&x=%2F%2Fa');
      expect(withQuery.statusCode).toBe(301);
      expect(withQuery.headers.location).toBe('http://testata.test/esteri/?pagina=2&x=%2F%2Fa');
    });

    test('never send a reader to another host: //host/x, /\\host/x and an absolute-form target are 404', async () => {
      // inject keeps a leading `//` but, parsing the URL as a browser would, turns `\` into `/` and drops an
      // absolute-form target's host: those two go over a socket, byte for byte as an attacker sends them.
      const protocolRelative = await get('//evil.example/x');
      expect(protocolRelative.statusCode).toBe(404);
      expect(protocolRelative.headers.location).toBeUndefined();
      const address = new URL(await site.listen());
      for (const target of ['/\\evil.example/x', 'http://evil.example/x', '//evil.example/x?y=1']) {
        const head = await rawHead(address, target);
        expect(head, target).toMatch(/^HTTP\/1\.1 404 /);
        expect(head, target).not.toMatch(/^location:/im);
      }
    });
  });

  describe('errors and malformed requests', () => {
    test('an unknown page is a real 404 in Italian', async () => {
      for (const url of [
        '/nessuna-sezione/',
        '/esteri/articolo-inesistente/',
        '/tag/nessuno/',
        '/autore/nessuno/',
        '/a/b/c/d/',
      ]) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(404);
        expect(response.body, url).toContain('Pagina non trovata');
        expect(response.body, url).toContain('<html lang="it">');
      }
    });

    test('malformed paths and parameters get 400 or 404, never 500', async () => {
      const urls = [
        '/esteri/?pagina=-1',
        '/esteri/?pagina=0',
        '/esteri/?pagina=abc',
        '/esteri/?pagina=1&pagina=2',
        '/esteri/?pagina=99999999999999999999',
        '/%E0%A4%A/',
        '/esteri/%C0%AF/',
        '/%FF%FE/',
        `/esteri/${'a'.repeat(5000)}/`,
        '/esteri/..%2F..%2Fetc%2Fpasswd/',
        '/media/../../etc/passwd',
        '/api/v1/articles?limit=-5',
        '/api/v1/articles?cursor=%FF',
      ];
      for (const url of urls) {
        const response = await get(url);
        expect(response.statusCode, `${url} → ${response.statusCode}`).toBeLessThan(500);
        expect(response.statusCode, `${url} → ${response.statusCode}`).not.toBe(200);
      }
      const hugeQuery = await get(`/esteri/?q=${'x'.repeat(8000)}`);
      expect(hugeQuery.statusCode).toBe(200);
      const bad = await get('/esteri/?pagina=abc');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Richiesta non valida');
    });
  });

  describe('security', () => {
    test('reader pages carry a strict Content-Security-Policy and the hardening headers', async () => {
      const response = await get('/');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("script-src 'none'");
      expect(csp).toContain("default-src 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    });

    test("lets a page's auditors fetch from its own origin (Lighthouse reads robots.txt under the page's policy)", async () => {
      for (const url of ['/', '/esteri/vertice-sul-grano-a-mosca/', '/nessuna-sezione/']) {
        const directives = String((await get(url)).headers['content-security-policy']).split(/;\s*/);
        expect(directives, url).toContain("connect-src 'self'");
      }
    });

    test('a hostile title and a javascript: link in the body render inert', async () => {
      const record = articleRecord({
        slug: 'titolo-ostile',
        title: '<script>alert(1)</script>',
        subtitle: '"><img src=x onerror=alert(2)>',
        body_markdown:
          'ROMA - [clicca](javascript:alert(3)) e <script>alert(4)</script> e <img src=x onerror=alert(5)>',
        author: { slug: 'autore-ostile', name: '<b onmouseover=alert(6)>Autore</b>' },
      });
      expect((await site.testata.importer.importArticles(toLines([record]))).committed).toBe(true);
      const html = (await get('/esteri/titolo-ostile/')).body;
      expect(html).toContain('<h1 class="article-title">&lt;script>alert(1)&lt;/script></h1>');
      // The one script element is the JSON-LD data block; the title inside it cannot close it (`<` is \u003c).
      expect(html.match(/<\/script/gi)).toHaveLength(1);
      expect(html.replace(/<script type="application\/ld\+json">[^<]*<\/script>/, '')).not.toMatch(/<script/i);
      expect(html).not.toMatch(/javascript:/i);
      expect(html).not.toMatch(/<img[^>]+onerror/i);
      expect(html).not.toMatch(/<b onmouseover/i);
      expect(html).toContain('clicca');
    });
  });
});

/** The status line and headers of a GET sent with this exact request target, as no HTTP client would send it. */
function rawHead(address: URL, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(address.port), address.hostname);
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('end', () => resolve(received.split('\r\n\r\n', 1)[0] ?? ''));
    socket.on('error', reject);
    socket.write(`GET ${target} HTTP/1.1\r\nHost: ${address.host}\r\nConnection: close\r\n\r\n`);
  });
}
