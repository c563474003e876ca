// Import records for tests, in the corpus format, with sensible defaults.

let counter = 0;

export function articleRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    slug: `articolo-di-prova-${counter}`,
    title: `Articolo di prova ${counter}`,
    subtitle: 'Un sommario di prova.',
    dateline: 'ROMA',
    section: 'esteri',
    type: 'news',
    author: { slug: 'redazione-prove', name: 'Redazione Prove' },
    tags: ['prove'],
    sources: ['ANSA'],
    published_at: '2024-03-01T10:00:00Z',
    body_markdown: 'ROMA - Primo paragrafo della notizia.\n\nSecondo paragrafo.',
    ...overrides,
  };
}

export function toLines(records: unknown[]): string[] {
  return records.map((r) => JSON.stringify(r));
}
