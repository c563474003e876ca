// The reading text of sanitised article HTML: what search indexes and what snippets quote.
const blockEnds = /<\/(p|h[1-6]|li|blockquote|figcaption|figure|td|th|tr|pre|div)>|<br\s*\/?>/gi;
const tags = /<[^>]*>/g;
const entities = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi;
const namedEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function textOfHtml(html: string): string {
  return html
    .replace(blockEnds, '\n')
    .replace(tags, '')
    .replace(entities, (_, name: string) => {
      const lower = name.toLowerCase();
      if (lower.startsWith('#x')) return safeCodePoint(Number.parseInt(lower.slice(2), 16));
      if (lower.startsWith('#')) return safeCodePoint(Number.parseInt(lower.slice(1), 10));
      return namedEntities[lower] ?? '';
    })
    .trim();
}

function safeCodePoint(code: number): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}
