// Names are ordered here, in Italian, not by the database: SQLite and PostgreSQL collate text differently
// (and PostgreSQL by the server's locale), and both sites must list things in the same order.

const collator = new Intl.Collator('it', { sensitivity: 'base', numeric: true });

export function byName<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => collator.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
