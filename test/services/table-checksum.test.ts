import { expect, test } from 'vitest';
import { TableChecksum } from '../../src/services/table-checksum.ts';

function checksumOf(rows: Record<string, unknown>[], keyColumns = ['id']): TableChecksum {
  const checksum = new TableChecksum('redirects', keyColumns, rows.length);
  for (const row of rows) checksum.add(row);
  return checksum;
}

test('takes text keys in code point order, as SQLite and PostgreSQL under collate "C" do: a character above U+FFFF after U+FFFD', () => {
  // JavaScript's `<` puts "😀" (a surrogate pair) before "\uFFFD".
  const inCodePointOrder = [{ id: '/a/' }, { id: '/\uFFFD/' }, { id: '/😀/' }];
  expect(checksumOf(inCodePointOrder).isComplete).toBe(true);
  expect(checksumOf([...inCodePointOrder].reverse()).isComplete).toBe(false);
  expect(() => checksumOf([...inCodePointOrder].reverse()).digest()).toThrow(/out of key order/);
});

test('orders composite keys column by column, numbers by value', () => {
  const rows = [
    { article_id: 'a', position: 2 },
    { article_id: 'a', position: 10 },
    { article_id: 'b', position: 1 },
  ];
  expect(checksumOf(rows, ['article_id', 'position']).isComplete).toBe(true);
  expect(checksumOf([rows[1]!, rows[0]!, rows[2]!], ['article_id', 'position']).isComplete).toBe(false);
});

test('agrees whatever order the columns come in and however values are typed alike, and differs when a value does', () => {
  const sqliteRows = [
    { id: 'a', noindex: 0, title: 'Uno', weight: 0.25 },
    { id: 'b', noindex: 1, title: 'Due', weight: null },
  ];
  const postgresRows = [
    { weight: 0.25, title: 'Uno', noindex: false, id: 'a' },
    { weight: undefined, title: 'Due', noindex: true, id: 'b' },
  ];
  const digest = checksumOf(sqliteRows).digest();
  expect(checksumOf(postgresRows).digest()).toBe(digest);
  expect(checksumOf([sqliteRows[0]!, { ...sqliteRows[1]!, title: 'Tre' }]).digest()).not.toBe(digest);
  expect(checksumOf([sqliteRows[0]!]).digest()).not.toBe(digest);
});

test('a change in the last row counts after earlier rows were hashed a megabyte at a time', () => {
  const body = 'x'.repeat(300_000);
  const rows = Array.from({ length: 8 }, (_, i) => ({ id: `a${i}`, body }));
  const changed = rows.map((row, i) => (i === 7 ? { ...row, body: `${body}!` } : row));
  expect(checksumOf(rows).digest()).toBe(checksumOf(rows).digest());
  expect(checksumOf(changed).digest()).not.toBe(checksumOf(rows).digest());
});
