import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { renderArticleBody } from '../../src/services/article-body-renderer.ts';
import type { ArticleBodyLimits } from '../../src/services/article-body-renderer.ts';
import { alternatingEmphasis, inlineDepth, wideHeaderTables } from '../support/hostile-markdown-bodies.ts';

function renderError(markdown: string, limits?: Partial<ArticleBodyLimits>): ValidationError {
  try {
    renderArticleBody(markdown, { limits });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

function table(columns: number, rows: number, cell = (r: number, c: number) => `${r},${c}`): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(Array.from({ length: columns }, (_, c) => `Colonna ${c + 1}`)),
    line(Array<string>(columns).fill('---:')),
    ...Array.from({ length: rows }, (_, r) => line(Array.from({ length: columns }, (_, c) => cell(r, c)))),
  ].join('\n');
}

describe('renderArticleBody: table cells (issue 20, F4)', () => {
  // On the old code this body took 56 s and 4 GB before the HTML bound refused it; the timeout is the bound.
  it('refuses a 400-cell header over one-cell rows, repeated to the size limit, naming the table line', () => {
    const markdown = wideHeaderTables();
    expect(Buffer.byteLength(markdown)).toBeGreaterThan(195_000);
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(200_000);
    const error = renderError(markdown);
    expect(error.details).toMatchObject({ field: 'body_markdown', line: 1, limit: 55_555 });
    expect(error.message).toBe(
      'Article body has more than 55555 table cells by the table at line 1; ' +
        'every row counts as many cells as its header has columns.',
    );
  }, 10_000);

  it('names the line of the table that goes past the limit, counting every table of the body', () => {
    const small = table(3, 14); // 45 cells, with the header
    const markdown = ['Dati del voto.', '', small, '', small, '', 'Segue.', '', small].join('\n');
    // 900 bytes of HTML hold at most 100 empty cells
    const error = renderError(markdown, { maxHtmlBytes: 900 });
    expect(error.details).toMatchObject({ line: 39, limit: 100 });
    expect(error.message).toContain('more than 100 table cells by the table at line 39');
  });

  it('still renders a real newsroom table: 20 columns, 500 rows, some rows left short', () => {
    const markdown = `Risultati per comune.\n\n${table(20, 500, (r, c) => (r % 7 === 0 && c > 4 ? '' : `${(r * c) % 97},${c}%`))}`;
    const { html } = renderArticleBody(markdown);
    expect(html.match(/<td /g)).toHaveLength(20 * 500);
    expect(html).toContain('<th class="align-right">Colonna 20</th>');
  });
});

describe('renderArticleBody: inline nesting (issue 20, F7)', () => {
  it('refuses a 70 KB body of alternating * and ** instead of nesting 10,000 elements, naming the line', () => {
    const markdown = `Prima riga.\n\nSeconda riga,\n${alternatingEmphasis()}`;
    expect(markdown.length).toBeGreaterThan(70_000);
    const error = renderError(markdown);
    expect(error.details).toMatchObject({ field: 'body_markdown', line: 4, limit: 32 });
    expect(error.message).toBe(
      'Article body nests emphasis, strikethrough and links more than 32 levels deep (line 4).',
    );
  });

  it('renders emphasis, strikethrough and a link nested to the limit, and refuses one level more', () => {
    // Four levels a step: `*`, `**`, `~~` and `_`, closed in reverse; the link adds one level around all.
    const nested = (steps: number) =>
      `[${'*a **b ~~c _d '.repeat(steps)}e${' f_ g~~ h** i*'.repeat(steps)}](https://example.org/)`;
    const { html } = renderArticleBody(`Testo ${nested(7)} fine.`, { limits: { maxInlineNesting: 29 } });
    expect(inlineDepth(html)).toBe(29);
    expect(html).toContain('<a href="https://example.org/" rel="noopener noreferrer"><em>a <strong>b <s>c <em>d');
    expect(renderError(`Testo ${nested(7)} fine.`, { maxInlineNesting: 28 }).message).toContain(
      'more than 28 levels deep (line 1)',
    );
  });

  it('names the line of deep emphasis inside a table cell or a quote', () => {
    const deep = `${'*a **a '.repeat(3)}x${' a** a*'.repeat(3)}`;
    expect(renderError(`| a |\n|---|\n| b |\n| ${deep} |`, { maxInlineNesting: 4 }).details.line).toBe(4);
    expect(renderError(`Testo.\n\n> citazione\n> ancora\n> ${deep}`, { maxInlineNesting: 4 }).details.line).toBe(5);
  });
});
