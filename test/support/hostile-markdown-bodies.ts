// Article bodies built to make a Markdown renderer slow, hungry or deep, one or more per known class of
// amplifier; the renderer's tests check each is bounded or refused, bench/article-body-bench.ts times them.

/** How deep emphasis, strikethrough and links nest in rendered HTML. */
export function inlineDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const [, closing] of html.matchAll(/<(\/?)(?:em|strong|s|a)\b/g)) {
    depth += closing ? -1 : 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** Repeats `unit` to just under the default 200,000-byte body limit. */
function fillBody(unit: string, bytes = 199_000): string {
  return unit.repeat(Math.floor(bytes / unit.length));
}

function tableBody(header: string, rows: string[]): string {
  const columns = header.split('|').length - 2;
  return [header, `|${'-|'.repeat(columns)}`, ...rows].join('\n');
}

const row50 = `|${'a|'.repeat(50)}`;
const longTitle = 'T'.repeat(90_000);

/** Backtick runs of every length 1, 2, 3…: each run must look for a closing run of its own length. */
function backtickLadder(): string {
  let body = '';
  for (let length = 1; body.length < 198_000; length++) body += `${'`'.repeat(length)} a `;
  return body;
}

/**
 * Issue 20, F4: a header of 400 cells, then one-cell rows that markdown-it fills to the header's width,
 * as many such tables as fit just under the body limit.
 */
export function wideHeaderTables(columns = 400, rows = 160): string {
  const table = `${tableBody(`|${'a|'.repeat(columns)}`, Array<string>(rows).fill('a'))}\n\n`;
  return table.repeat(Math.floor(199_000 / table.length));
}

/** Issue 20, F7: `*` and `**` openers alternating, then their closers, about 70 KB. */
export function alternatingEmphasis(levels = 10_000): string {
  return `${'*a **a '.repeat(levels / 2)}${'a** a* '.repeat(levels / 2)}`;
}

export const hostileMarkdownBodies: Readonly<Record<string, string>> = Object.freeze({
  // Blocks
  '10,000 nested > quotes': `${'>'.repeat(10_000)} a`,
  '10,000 nested list markers': `${'- '.repeat(10_000)}a`,
  '10,000 unclosed pull quotes': '::: pullquote\n'.repeat(10_000),
  '5,000 embeds': '::: embed https://example.org/x\n'.repeat(5_000),
  '7,000 figures': '![a](/media/a.jpg "c | f")\n\n'.repeat(7_000),
  // Tables
  'a 2,000-row × 50-column table': tableBody(row50, Array<string>(2_000).fill(row50)),
  'a 1,900-row × 50-column table just under the Markdown limit': [
    'a|'.repeat(50),
    '-|'.repeat(50),
    ...Array<string>(1_900).fill('a|'.repeat(50)),
  ].join('\n'),
  'a 400-cell header over one-cell rows, repeated (F4)': wideHeaderTables(),
  'a 30,000-column header and delimiter row': tableBody(`|${'a|'.repeat(30_000)}`, ['a', 'a', 'a']),
  'rows of empty cells': `|a|b|\n|-|-|\n${fillBody(`${'|'.repeat(90)}\n`)}`,
  // Brackets and links
  '5,000 nested [': `${'['.repeat(5_000)}a`,
  '5,000 nested [ ]': `${'['.repeat(5_000)}a${']'.repeat(5_000)}`,
  '100,000 [ then 100,000 ]': `${'['.repeat(99_000)}${']'.repeat(99_000)}`,
  '[a]( repeated 20,000 times': '[a]('.repeat(20_000),
  '![ repeated 20,000 times': '!['.repeat(20_000),
  '30,000 links opened around one target': `${'[x'.repeat(30_000)}${'](y)'.repeat(30_000)}`,
  '10,000 images nested in alt text': `${'!['.repeat(10_000)}a${'](/media/x.jpg)'.repeat(10_000)}`,
  '8,000 images nested in links': `${'[!['.repeat(8_000)}a${'](/media/x.jpg)](y)'.repeat(8_000)}`,
  'emphasis 10,000 deep inside alt text': `![${'*a **a '.repeat(5_000)}x${' a** a*'.repeat(5_000)}](/media/c.jpg)`,
  // Emphasis and strikethrough
  '50,000 * emphasis markers': `${'*'.repeat(50_000)}a`,
  '25,000 alternating *a': '*a '.repeat(25_000),
  '20,000 nested ** ... **': `${'**a '.repeat(20_000)}${' b**'.repeat(20_000)}`,
  '10,000 alternating * and ** (F7)': alternatingEmphasis(),
  '~~, * and _ nested in turn': `${'~~a *a _a '.repeat(6_000)}${'a_ a* a~~ '.repeat(6_000)}`,
  'runs of ~~a ~': fillBody('~~a ~'),
  // Code spans, autolinks, entities, escapes
  '100,000 backticks': '`'.repeat(100_000),
  'backtick runs of every length': backtickLadder(),
  'unclosed <http:// autolinks': fillBody('<http://a'),
  '<http://a> autolinks': fillBody('<http://a>'),
  '<a@b.it> e-mail autolinks': fillBody('<a@b.it>'),
  '100,000 <': '<'.repeat(100_000),
  '&amp; entities': fillBody('&amp;'),
  '&#1; numeric entities': fillBody('&#1;'),
  '" quotes': fillBody('"'),
  '100,000 backslashes': '\\'.repeat(100_000),
  'hard breaks': fillBody('a\\\n'),
  // References repeat their definition's URL and title at every use
  'a 90 KB reference title used 36,000 times': `[a]: /x "${longTitle}"\n\n${fillBody('[a]', 108_000)}`,
  'a 90 KB image title used 27,000 times': `[a]: /media/x.jpg "${longTitle}"\n\nx ${fillBody('![a]', 108_000)}`,
});
