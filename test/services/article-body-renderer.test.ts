import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { countWords, defaultArticleBodyLimits, renderArticleBody } from '../../src/services/article-body-renderer.ts';
import type { ArticleBodyLimits } from '../../src/services/article-body-renderer.ts';
import { hostileMarkdownBodies, inlineDepth } from '../support/hostile-markdown-bodies.ts';

const html = (markdown: string, dateline?: string | null) => renderArticleBody(markdown, { dateline }).html;

function renderError(markdown: string, limits?: Partial<ArticleBodyLimits>): ValidationError {
  try {
    renderArticleBody(markdown, { limits });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('renderArticleBody: Markdown', () => {
  it('shifts headings down one level so the body never holds an h1, capping at h6', () => {
    expect(
      html('# Uno\n## Due\n### Tre\n#### Quattro\n##### Cinque\n###### Sei\n\nSetext\n======\n\nSetext due\n---'),
    ).toBe(
      '<h2>Uno</h2>\n<h3>Due</h3>\n<h4>Tre</h4>\n<h5>Quattro</h5>\n<h6>Cinque</h6>\n<h6>Sei</h6>\n' +
        '<h2>Setext</h2>\n<h3>Setext due</h3>\n',
    );
  });

  it('never skips a heading level, starting below the page h1', () => {
    expect(html('## Contesto\n\n#### Dettaglio\n\n# Altro')).toBe(
      '<h2>Contesto</h2>\n<h3>Dettaglio</h3>\n<h2>Altro</h2>\n',
    );
  });

  it('renders tables and strikethrough, carrying alignment as a class instead of a style', () => {
    const body = html('| Comune | Voti |\n|:--|--:|\n| Roma | ~~10~~ 12 |');
    expect(body).toContain('<th class="align-left">Comune</th>');
    expect(body).toContain('<td class="align-right"><s>10</s> 12</td>');
    expect(body).not.toContain('style');
  });

  it('leaves bare URLs and straight quotes alone (no linkify, no typographer)', () => {
    expect(html('Vedi https://example.org e "citazione" -- fine')).toBe(
      '<p>Vedi https://example.org e "citazione" -- fine</p>\n',
    );
  });

  it('drops the language class of fenced code', () => {
    expect(html('```js\nlet a = 1 < 2;\n```')).toBe('<pre><code>let a = 1 &lt; 2;\n</code></pre>\n');
  });
});

describe('renderArticleBody: newsroom extensions', () => {
  it('turns an image alone in its paragraph into a figure with caption and credit', () => {
    expect(html('![Il palco del vertice](/media/2024/vertice.jpg "Il vertice di Bruxelles | Foto: ANSA")')).toBe(
      '<figure class="figure"><img src="/media/2024/vertice.jpg" alt="Il palco del vertice" loading="lazy" decoding="async" />' +
        '<figcaption>Il vertice di Bruxelles <span class="credit">Foto: ANSA</span></figcaption></figure>\n',
    );
  });

  it('renders a figure with only a caption, only a credit, or neither', () => {
    expect(html('![a](/media/a.jpg "Solo didascalia")')).toContain('<figcaption>Solo didascalia</figcaption>');
    expect(html('![a](/media/a.jpg "| Foto: Reuters")')).toContain(
      '<figcaption><span class="credit">Foto: Reuters</span></figcaption>',
    );
    expect(html('![a](/media/a.jpg)')).toBe(
      '<figure class="figure"><img src="/media/a.jpg" alt="a" loading="lazy" decoding="async" /></figure>\n',
    );
  });

  it('keeps an image within running text inline and never puts a figure inside a paragraph', () => {
    const body = html(
      'Testo ![icona](https://cdn.example.org/i.png "titolo") testo\n\n- ![in lista](/media/l.jpg)\n- due',
    );
    expect(body).toContain(
      '<p>Testo <img src="https://cdn.example.org/i.png" alt="icona" title="titolo" loading="lazy" decoding="async" /> testo</p>',
    );
    expect(body).toContain('<li>\n<figure class="figure">');
    expect(body).not.toMatch(/<p>[^<]*<figure/);
  });

  it('renders a pull quote container as an aside, with Markdown inside', () => {
    expect(html('Prima.\n::: pullquote\n«Non *arretreremo* di un passo»\n:::\nDopo.')).toBe(
      '<p>Prima.</p>\n<aside class="pullquote">\n<p>«Non <em>arretreremo</em> di un passo»</p>\n</aside>\n<p>Dopo.</p>\n',
    );
  });

  it('closes an unclosed pull quote at the end of the body', () => {
    expect(html('::: pullquote\nFrase')).toBe('<aside class="pullquote">\n<p>Frase</p>\n</aside>\n');
  });

  it('renders an embed as a JavaScript-free link card showing host and path', () => {
    expect(html('::: embed https://www.youtube.com/watch?v=abc123')).toBe(
      '<figure class="embed"><a href="https://www.youtube.com/watch?v=abc123" rel="noopener noreferrer">www.youtube.com/watch</a></figure>\n',
    );
  });

  it('leaves an embed of anything but an http(s) URL as inert text', () => {
    for (const address of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.org/f', '/media/x.mp4']) {
      const body = html(`::: embed ${address}`);
      expect(body).toMatch(/^<p>::: embed /);
      expect(body).not.toContain('<a');
    }
  });
});

describe('renderArticleBody: dateline', () => {
  it('prefixes the first paragraph with the dateline and an en dash', () => {
    expect(html('Il ministro ha parlato.\n\nSecondo paragrafo.', 'MOSCA')).toBe(
      '<p><span class="dateline">MOSCA</span> – Il ministro ha parlato.</p>\n<p>Secondo paragrafo.</p>\n',
    );
  });

  it('puts the dateline in a paragraph of its own when the body does not start with a paragraph', () => {
    expect(html('## Il contesto\n\nTesto.', 'MOSCA')).toBe(
      '<p><span class="dateline">MOSCA</span></p>\n<h2>Il contesto</h2>\n<p>Testo.</p>\n',
    );
    expect(html('![a](/media/a.jpg)', 'MOSCA')).toMatch(/^<p><span class="dateline">MOSCA<\/span><\/p>\n<figure/);
    expect(html('', 'MOSCA')).toBe('<p><span class="dateline">MOSCA</span></p>\n');
  });

  it('escapes the dateline', () => {
    expect(html('Testo.', '<b>')).toBe('<p><span class="dateline">&lt;b&gt;</span> – Testo.</p>\n');
  });

  it('shows a dateline already typed at the start of the body only once', () => {
    expect(html('MOSCA - Il ministro ha parlato.', 'MOSCA')).toBe(
      '<p><span class="dateline">MOSCA</span> – Il ministro ha parlato.</p>\n',
    );
    expect(html('Mosca — Il ministro.', 'MOSCA')).toContain('MOSCA</span> – Il ministro.');
    expect(html('MOSCAVA - resta.', 'MOSCA')).toContain('MOSCA</span> – MOSCAVA - resta.');
  });

  it('adds nothing for a missing or blank dateline', () => {
    expect(html('Testo.', null)).toBe('<p>Testo.</p>\n');
    expect(html('Testo.', '  ')).toBe('<p>Testo.</p>\n');
  });
});

describe('renderArticleBody: sanitising', () => {
  it('escapes raw HTML instead of passing it through', () => {
    const body = html('Ciao <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n<div style="x">blocco</div>');
    expect(body).toBe(
      '<p>Ciao &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>\n' +
        '<p>&lt;div style="x"&gt;blocco&lt;/div&gt;</p>\n',
    );
  });

  it.each([
    '[clicca](javascript:alert(1))',
    '[clicca](JaVaScRiPt:alert(1))',
    '[clicca](javascript&#58;alert(1))',
    '[clicca](&#x6A;avascript:alert(1))',
    '[clicca](<javascript:alert(1)>)',
    '[clicca](vbscript:msgbox(1))',
    '[clicca](data:text/html;base64,PHNjcmlwdD4=)',
    '[clicca][ref]\n\n[ref]: javascript:alert(1)',
    '[clicca](//evil.example/)',
  ])('keeps the text but drops the link of %s', (markdown) => {
    const body = html(markdown);
    expect(body).toContain('clicca');
    expect(body).not.toContain('<a');
    expect(body).not.toMatch(/javascript:|vbscript:|data:/i);
  });

  it('still polices an image inside an inert link', () => {
    expect(html('[![Il sindaco](foto.jpg)](javascript:alert(1)) e [![b](/media/b.jpg)](vbscript:x)')).toBe(
      '<p>Il sindaco e <img src="/media/b.jpg" alt="b" loading="lazy" decoding="async" /></p>\n',
    );
  });

  it('makes autolinks with unsafe schemes inert', () => {
    expect(html('<javascript:alert(1)>')).toBe('<p>javascript:alert(1)</p>\n');
  });

  it('refuses data: and other non-http(s), non-/media/ images, keeping their alt text', () => {
    for (const src of [
      'data:image/png;base64,iVBORw0KGgo=',
      'javascript:alert(1)',
      'foto.jpg',
      '/admin/x.png',
      '//cdn.example/x.png',
    ]) {
      const body = html(`Prima ![Il sindaco](${src}) dopo`);
      expect(body).toBe('<p>Prima Il sindaco dopo</p>\n');
    }
  });

  it('adds rel="noopener noreferrer" to external links only', () => {
    const body = html(
      '[fuori](https://example.org/a) [dentro](/politica/) [nota](#n1) [posta](mailto:redazione@example.org)',
    );
    expect(body).toContain('<a href="https://example.org/a" rel="noopener noreferrer">fuori</a>');
    expect(body).toContain('<a href="/politica/">dentro</a>');
    expect(body).toContain('<a href="#n1">nota</a>');
    expect(body).toContain('<a href="mailto:redazione@example.org">posta</a>');
  });

  it('keeps quotes in link titles from breaking out of the attribute', () => {
    const body = html('[x](https://example.org "a\\" onmouseover=\\"alert(1)") ![y" onerror="alert(1)](/media/y.jpg)');
    expect(body).toContain('title="a&quot; onmouseover=&quot;alert(1)"');
    expect(body).toContain('alt="y&quot; onerror=&quot;alert(1)"');
  });
});

describe('renderArticleBody: bounds', () => {
  it('rejects Markdown over maxMarkdownBytes, counting UTF-8 bytes', () => {
    const error = renderError('è'.repeat(60), { maxMarkdownBytes: 100 });
    expect(error.details.field).toBe('body_markdown');
    expect(error.message).toBe('Article body is 120 bytes of Markdown; the limit is 100 bytes.');
    expect(() => renderArticleBody('è'.repeat(50), { limits: { maxMarkdownBytes: 100 } })).not.toThrow();
  });

  it('rejects blocks nested deeper than maxNesting instead of silently dropping their text', () => {
    expect(renderArticleBody(`${'> '.repeat(20)}ok`).html).toContain('ok');
    for (const markdown of [
      `${'> '.repeat(21)}perso`,
      `${'- '.repeat(11)}perso`,
      `${'::: pullquote\n'.repeat(21)}perso`,
    ]) {
      const error = renderError(markdown);
      expect(error.details).toMatchObject({ field: 'body_markdown', limit: 20 });
      expect(error.message).toContain('more than 20 levels deep');
    }
    expect(renderError('> > > a', { maxNesting: 2 }).message).toContain('more than 2 levels deep (line 1)');
  });

  it('rejects a body whose HTML would exceed maxHtmlBytes', () => {
    // Each & becomes &amp;, so the HTML is five times the Markdown.
    const error = renderError('&'.repeat(300), { maxHtmlBytes: 1000 });
    expect(error.details.field).toBe('body_markdown');
    expect(error.message).toBe('Article body renders to 1508 bytes of HTML; the limit is 1000 bytes.');
    expect(() => renderArticleBody('&'.repeat(190), { limits: { maxHtmlBytes: 1000 } })).not.toThrow();
  });

  it('rejects amplifying reference links before building their HTML', () => {
    const markdown = `[a]: https://example.org/${'x'.repeat(2000)}\n\n${'[a]'.repeat(60_000)}`;
    expect(renderError(markdown).message).toMatch(/renders to at least \d+ bytes of HTML; the limit is 500000 bytes/);
  });

  it.each([
    ['link', '[a]'],
    ['image', 'x ![a]'],
  ])('counts a reference %s title at every use, refusing before building the HTML', (_kind, use) => {
    // Before, 15,000 uses of a 90 KB title built strings past V8's limit: a RangeError, not a refusal.
    const markdown = `[a]: /media/x.jpg "${'T'.repeat(90_000)}"\n\n${use.repeat(15_000)}`;
    expect(renderError(markdown).message).toMatch(/renders to at least \d+ bytes of HTML; the limit is 500000 bytes/);
  });

  // Alone, each takes at most about 0.3 s on a 2-core machine, but the full suite runs CLI and server
  // tests in parallel; vitest's default 5 s timeout (enforced on synchronous tests too) still catches a stall.
  it.each(Object.entries(hostileMarkdownBodies))(
    'finishes bounded or rejected on %s',
    (_name, markdown) => {
      let outcome: unknown;
      try {
        outcome = renderArticleBody(markdown);
      } catch (error) {
        outcome = error;
      }
      if (outcome instanceof Error) {
        expect(outcome).toBeInstanceOf(ValidationError);
        expect((outcome as ValidationError).details.field).toBe('body_markdown');
      } else {
        const { html: body } = outcome as { html: string };
        expect(Buffer.byteLength(body)).toBeLessThanOrEqual(defaultArticleBodyLimits.maxHtmlBytes);
        expect(inlineDepth(body)).toBeLessThanOrEqual(defaultArticleBodyLimits.maxInlineNesting);
      }
    },
    5_000,
  );
});

describe('renderArticleBody: text and word count', () => {
  it('gives the visible text, whitespace-collapsed, and counts its words', () => {
    const rendered = renderArticleBody(
      "Il ministro  dell'Economia\nha parlato: «basta».\n\n## Il   contesto\n\n" +
        '![non visibile](/media/a.jpg "Il vertice | Foto: ANSA")\n\n- uno\n- **due**tre\n\n`codice` – 2,5%',
      { dateline: 'MOSCA' },
    );
    expect(rendered.text).toBe(
      "MOSCA – Il ministro dell'Economia ha parlato: «basta». Il contesto Il vertice Foto: ANSA uno duetre codice – 2,5%",
    );
    expect(rendered.wordCount).toBe(17);
  });

  it('gives empty text and no words for an empty body', () => {
    expect(renderArticleBody('')).toEqual({ html: '', text: '', wordCount: 0 });
  });
});

describe('countWords', () => {
  const byPattern = (text: string) => text.match(/[\p{L}\p{N}]\S*/gu)?.length ?? 0;

  it('counts whitespace-separated runs holding a letter or digit, whatever the script or the spaces', () => {
    expect(countWords("l'agenzia – «basta» 2,5% -- ...")).toBe(3);
    expect(countWords('Москва\u00a0e\u2009Kyiv\u3000東京')).toBe(4);
    expect(countWords('𝐀𝐁 e\u0301 \u0301 ٣')).toBe(3);
    expect(countWords('\ud800 lone\udc00surrogates')).toBe(1);
  });

  it('agrees with the pattern it replaces on random text', () => {
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pieces = [
      ..."ab9 àZ-–.«»'\n\t",
      '\u00a0',
      '\u2028',
      '\ufeff',
      '\u200b',
      '\u0301',
      '𝐀',
      '😀',
      '\ud800',
      '\udc00',
      '٣',
      'ß',
    ];
    for (let round = 0; round < 2000; round++) {
      const text = Array.from(
        { length: Math.floor(random() * 40) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
      expect(countWords(text), JSON.stringify(text)).toBe(byPattern(text));
    }
  });
});
