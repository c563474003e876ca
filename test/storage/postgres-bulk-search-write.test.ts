// PostgreSQL: a transaction that adds many documents to a small search index fills a new table and builds
// its GIN index once, then puts it in the old one's place. Readers never wait for it, writers of the index
// wait and lose nothing, a failure leaves the old table as it was, and the table that results is the one
// the migrations make: whether the new table is written in the transaction, or, given a connection to
// spare, in a second transaction beside it.
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, test } from 'vitest';
import { parseSearchQuery } from '../../src/domain/search/search-query.ts';
import { Database } from '../../src/storage/database.ts';
import type { Db } from '../../src/storage/database-schema.ts';
import { sideConnectionsOf } from '../../src/storage/postgres/postgres-side-connection.ts';
import { createRepositories, createTransactionRunner, type RepositoryOptions } from '../../src/storage/repositories.ts';
import type { SearchDocument, SearchIndexRepository } from '../../src/storage/search-index.ts';
import { inSearchTransaction } from '../support/search-transaction.ts';
import { createPostgresDatabase, testDatabaseKinds } from '../support/test-databases.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openMigratedWithUrl(poolSize = 5): Promise<{ database: Database; url: string }> {
  const created = await createPostgresDatabase();
  const database = Database.open({ kind: 'postgres', url: created.url, poolSize });
  cleanups.push(async () => {
    await database.close();
    await created.drop();
  });
  await database.migrate();
  return { database, url: created.url };
}

const openMigrated = async (poolSize = 5) => (await openMigratedWithUrl(poolSize)).database;

const at = '2026-03-02T09:00:00.000Z';

const documentsOf = (prefix: string, count: number, title = 'Vertice sul clima'): SearchDocument[] =>
  Array.from({ length: count }, (_, i) => ({
    articleId: `${prefix}${i}`,
    title,
    standfirst: 'I ministri degli Esteri a confronto',
    bodyHtml: `<p>Accordo raggiunto dopo la riunione numero ${i}.</p>`,
    extra: 'ROMA',
    sectionId: 's1',
    type: 'news',
    publishedAt: at,
  }));

/** A made-up word per number (letters only, ending in a consonant so that no stemming joins two of them). */
const wordOf = (n: number) => `z${n.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)] as string)}k`;

/** Documents of 200 distinct words each, from a vocabulary of 20,000: every word is in `count / 100` of them. */
const wordyDocumentsOf = (count: number): SearchDocument[] =>
  documentsOf('w', count).map((document, i) => ({
    ...document,
    bodyHtml: `<p>${Array.from({ length: 200 }, (_, k) => wordOf((i * 200 + k) % 20_000)).join(' ')}</p>`,
  }));

const search = (db: Db, text: string) =>
  createRepositories(db, 'postgres').search.search({
    query: parseSearchQuery(text),
    filters: {},
    offset: 0,
    limit: 5,
    now: at,
  });

/** What defines the table: its live columns, constraints, indexes and settings. */
async function structureOf(db: Db): Promise<unknown> {
  const columns = await sql`
    select attname, format_type(atttypid, atttypmod) as type, attnotnull, attstorage, attcompression
    from pg_attribute where attrelid = 'search_documents'::regclass and attnum > 0 and not attisdropped order by attnum`.execute(
    db,
  );
  const constraints = await sql`
    select conname, pg_get_constraintdef(oid) as definition from pg_constraint where conrelid = 'search_documents'::regclass order by conname`.execute(
    db,
  );
  const indexes =
    await sql`select indexname, indexdef from pg_indexes where tablename = 'search_documents' order by indexname`.execute(
      db,
    );
  const tables =
    await sql`select relname, reloptions from pg_class where relname like 'search_documents%' and relkind = 'r' order by relname`.execute(
      db,
    );
  return { columns: columns.rows, constraints: constraints.rows, indexes: indexes.rows, tables: tables.rows };
}

const bulkTableExists = async (db: Db) =>
  (await sql<{ n: string }>`select count(*) as n from pg_class where relname = 'search_documents_bulk'`.execute(db))
    .rows[0]?.n === '1';

/** How many entries `db` sees in the index's table: a bulk write leaves it as it was until the swap. */
const entriesInPlace = async (db: Db) =>
  Number((await sql<{ n: string }>`select count(*) as n from search_documents`.execute(db)).rows[0]?.n);

/** Connections of this database inside a transaction, as the server sees them. */
const openTransactions = async (db: Db) =>
  Number(
    (
      await sql<{
        n: string;
      }>`select count(*) as n from pg_stat_activity where datname = current_database() and xact_start is not null and pid <> pg_backend_pid()`.execute(
        db,
      )
    ).rows[0]?.n,
  );

/** Whether `write` waits for a lock (seen in pg_stat_activity) rather than ending without waiting. */
async function waitsForALock(db: Db, write: Promise<void>): Promise<boolean> {
  let ended = false;
  write.then(
    () => (ended = true),
    () => (ended = true),
  );
  while (!ended) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(
      db,
    );
    if (rows[0]?.n !== '0') return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe.skipIf(!testDatabaseKinds.includes('postgres')).each([
  { where: 'in the transaction', beside: false },
  { where: 'on a second connection', beside: true },
])('bulk writes of the search index on PostgreSQL, $where', ({ beside }) => {
  const optionsOf = (database: Database) => (beside ? { sideConnections: database.sideConnections } : {});
  const runnerOf = (database: Database) => createTransactionRunner(database.db, 'postgres', optionsOf(database));
  const inTransaction = (database: Database, work: (trx: Db, search: SearchIndexRepository) => Promise<void>) =>
    inSearchTransaction(database, optionsOf(database), work);

  test('a large write to a small index builds a new table, the same as the migrations make, and everything is found', async () => {
    const database = await openMigrated();
    await createRepositories(database.db, 'postgres').search.add(documentsOf('before', 3, 'Elezioni regionali'));
    const migrated = await structureOf(database.db);
    expect(migrated).toMatchObject({
      constraints: [{ conname: 'search_documents_article_id_key' }, { conname: 'search_documents_pkey' }],
      tables: [{ relname: 'search_documents', reloptions: ['toast_tuple_target=3500'] }],
    });

    await runnerOf(database)(async (repositories) => {
      await repositories.search.addSoon(documentsOf('a', 500));
      await repositories.search.addSoon(documentsOf('b', 300));
      await repositories.search.settle();
      // Searched inside the transaction, after the swap.
      expect(
        (
          await repositories.search.search({
            query: parseSearchQuery('vertice'),
            filters: {},
            offset: 0,
            limit: 5,
            now: at,
          })
        ).total,
      ).toBe(800);
    });

    expect(await structureOf(database.db)).toEqual(migrated);
    expect((await search(database.db, 'vertice clima')).total).toBe(800);
    expect((await search(database.db, '"ministri degli esteri"')).total).toBe(803);
    expect((await search(database.db, 'elezioni')).total).toBe(3);
    const statistics =
      await sql`select attname from pg_stats where tablename = 'search_documents' and attname = 'terms'`.execute(
        database.db,
      );
    expect(statistics.rows).toHaveLength(1);
    for (const name of ['search_documents_terms', 'search_documents_pairs']) {
      const index = await sql<{
        indisvalid: boolean;
      }>`select indisvalid from pg_index where indexrelid = ${name}::regclass`.execute(database.db);
      expect(index.rows).toEqual([{ indisvalid: true }]);
    }
  });

  test('in a bulk write, an article added again replaces its entry, whether it was there before or added in the same write', async () => {
    const database = await openMigrated();
    await createRepositories(database.db, 'postgres').search.add(documentsOf('before', 3, 'Elezioni regionali'));

    await inTransaction(database, async (trx, index) => {
      await index.addSoon(documentsOf('a', 600));
      await index.settle();
      // Beside, the new table is the second transaction's until the swap.
      expect(await bulkTableExists(trx)).toBe(!beside);
      expect(await entriesInPlace(trx)).toBe(3);
      const [before0] = documentsOf('before', 1, 'Nuovo governo giura');
      const [a5] = documentsOf('a', 6, 'Nuovo governo giura').slice(5);
      await index.addSoon([before0 as SearchDocument, a5 as SearchDocument]);
      await index.remove(['a7']);
      await index.addSoon(documentsOf('c', 60, 'Elezioni regionali'));
    });

    expect((await search(database.db, 'governo')).total).toBe(2);
    expect((await search(database.db, 'vertice')).total).toBe(598);
    expect((await search(database.db, 'elezioni')).total).toBe(62);
    const stored = await sql<{
      rows: string;
      keys: string;
    }>`select count(*) as rows, count(distinct rank_key) as keys from search_documents`.execute(database.db);
    expect(stored.rows).toEqual([{ rows: '662', keys: '662' }]);
  });

  test('while it runs, searches read the old table without waiting; a writer of the index waits, and its entry lands', async () => {
    const database = await openMigrated();
    await createRepositories(database.db, 'postgres').search.add(documentsOf('before', 2, 'Elezioni regionali'));
    let published: Promise<void> | undefined;

    await inTransaction(database, async (trx, index) => {
      await index.addSoon(documentsOf('a', 600));
      await index.remove(['before0']);
      expect(await bulkTableExists(trx)).toBe(!beside);
      expect(await entriesInPlace(trx)).toBe(2);

      // Outside the transaction: the committed index, at once.
      expect((await search(database.db, 'elezioni')).total).toBe(2);
      expect((await search(database.db, 'vertice')).total).toBe(0);

      published = createRepositories(database.db, 'postgres').search.add(
        documentsOf('published', 1, 'Nuovo governo giura'),
      );
      expect(await waitsForALock(database.db, published)).toBe(true);
    });
    await published;

    expect((await search(database.db, 'vertice')).total).toBe(600);
    expect((await search(database.db, 'elezioni')).articleIds).toEqual(['before1']);
    expect((await search(database.db, 'governo')).articleIds).toEqual(['published0']);
    expect(await bulkTableExists(database.db)).toBe(false);
  });

  test('a bulk write that fails leaves the old table and its entries as they were', async () => {
    const database = await openMigrated();
    await createRepositories(database.db, 'postgres').search.add(documentsOf('before', 2, 'Elezioni regionali'));
    const before = await structureOf(database.db);

    const attempt = runnerOf(database)(async (repositories) => {
      await repositories.search.addSoon(documentsOf('a', 600));
      await repositories.search.settle();
      await repositories.search.remove(['before0']);
      throw new Error('the import found a bad line');
    });
    await expect(attempt).rejects.toThrow('bad line');

    expect(await structureOf(database.db)).toEqual(before);
    expect(await bulkTableExists(database.db)).toBe(false);
    expect(await openTransactions(database.db)).toBe(0);
    expect((await search(database.db, 'elezioni')).total).toBe(2);
    expect((await search(database.db, 'vertice')).total).toBe(0);
  });

  test('terms are stored uncompressed in rows of ordinary length, written in place or in bulk; a document too long for a page is found too', async () => {
    const database = await openMigrated();
    await createRepositories(database.db, 'postgres').search.add(documentsOf('before', 3));
    // Four thousand distinct words: a term vector of tens of kilobytes, which no page can hold.
    const words = Array.from(
      { length: 4000 },
      (_, i) =>
        `k${[...i.toString(26).padStart(4, '0')].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}`,
    );
    const [long] = documentsOf('long', 1, 'Un lunghissimo elenco');
    await runnerOf(database)(async (repositories) => {
      await repositories.search.addSoon(documentsOf('a', 600));
      await repositories.search.addSoon([
        { ...(long as SearchDocument), bodyHtml: `<p>${words.join(' ')} zebrato</p>` },
      ]);
    });

    // A row longer than 3,500 bytes once its pairs are out of it may have its terms compressed (storage `main`).
    const stored = await sql<{ compressed: string; longest: number }>`
      select count(pg_column_compression(terms)) filter (where article_id <> 'long0') as compressed, max(octet_length(terms::text)) as longest
      from search_documents`.execute(database.db);
    expect(stored.rows[0]?.compressed).toBe('0');
    expect(Number(stored.rows[0]?.longest)).toBeGreaterThan(8160);
    expect((await search(database.db, 'zebrato')).articleIds).toEqual(['long0']);
    expect((await search(database.db, 'vertice')).total).toBe(603);
  });

  test('a write smaller than half of what the index holds goes to the table in place', async () => {
    const database = await openMigrated();
    await createRepositories(database.db, 'postgres').search.add(documentsOf('before', 1100));

    await inTransaction(database, async (trx, index) => {
      await index.addSoon(documentsOf('a', 500));
      await index.settle();
      expect(await bulkTableExists(trx)).toBe(false);
      expect(await entriesInPlace(trx)).toBe(1600);
    });
    expect((await search(database.db, 'vertice')).total).toBe(1000);
    expect((await search(database.db, 'vertice')).isTotalCapped).toBe(true);
  });

  test('a table left by a bulk write stopped between its two commits is dropped by the next one', async () => {
    const database = await openMigrated();
    await createRepositories(database.db, 'postgres').search.add(documentsOf('before', 2, 'Elezioni regionali'));
    const migrated = await structureOf(database.db);
    await sql`create table search_documents_bulk (like search_documents including all)`.execute(database.db);
    await sql`insert into search_documents_bulk select * from search_documents`.execute(database.db);

    await runnerOf(database)(async (repositories) => {
      await repositories.search.addSoon(documentsOf('a', 600));
    });

    expect(await structureOf(database.db)).toEqual(migrated);
    expect((await search(database.db, 'vertice')).total).toBe(600);
    expect((await search(database.db, 'elezioni')).total).toBe(2);
  });

  test("is not cut short by the statement timeout meant for readers' queries: building its GIN index grows with the whole archive", async () => {
    const { database, url } = await openMigratedWithUrl();
    // A quarter of what building the GIN index of 3,000 documents of 200 distinct words takes (160 ms here), and more than ten
    // times what renaming the tables takes: on every connection the write uses.
    const timeout = '40ms';
    let options: RepositoryOptions = {};
    if (beside) {
      const pool = new pg.Pool({ connectionString: url, max: 2, statement_timeout: 40 });
      cleanups.push(() => pool.end());
      options = { sideConnections: sideConnectionsOf(pool) };
    }
    await inSearchTransaction(database, options, async (trx, index) => {
      await index.addSoon(wordyDocumentsOf(3000));
      await index.settle();
      await sql`set local statement_timeout = ${sql.lit(timeout)}`.execute(trx);
      await index.beforeCommit();
      expect(await bulkTableExists(trx)).toBe(false);
      // The transaction's own timeout is as it was.
      expect(
        (await sql<{ timeout: string }>`select current_setting('statement_timeout') as timeout`.execute(trx)).rows[0]
          ?.timeout,
      ).toBe(timeout);
    });

    expect(await entriesInPlace(database.db)).toBe(3000);
    expect((await search(database.db, wordOf(0))).total).toBe(30);
  });

  test('empties the index without the statement timeout, as a rebuild does first: it may wait for another writer', async () => {
    const { database, url } = await openMigratedWithUrl();
    await createRepositories(database.db, 'postgres').search.add(documentsOf('before', 3));
    // Another writer holds an entry's row, and the delete waits for it: a wait counts against the timeout.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    cleanups.push(() => other.end());
    await other.query('begin');
    await other.query(`select 1 from search_documents where article_id = 'before0' for update`);

    const emptied = inSearchTransaction(database, optionsOf(database), async (trx, index) => {
      await sql`set local statement_timeout = '40ms'`.execute(trx);
      await index.removeAll();
    });
    emptied.catch(() => {}); // awaited below, once the other writer is done
    await new Promise((resolve) => setTimeout(resolve, 200));
    await other.query('commit');

    await emptied;
    expect(await entriesInPlace(database.db)).toBe(0);
  });
});

describe.skipIf(!testDatabaseKinds.includes('postgres'))(
  'a bulk write of the search index on a second connection',
  () => {
    test('carries over what the transaction wrote in place before it began, which that connection cannot see', async () => {
      const database = await openMigrated();
      await createRepositories(database.db, 'postgres').search.add([
        ...documentsOf('before', 3, 'Elezioni regionali'),
        ...documentsOf('gone', 2, 'Elezioni regionali'),
      ]);

      await inTransactionBeside(database, async (trx, index) => {
        // Small writes go in place: a new entry, a changed one, a removed one.
        await index.add(documentsOf('early', 10, 'Nuovo governo giura'));
        await index.add(documentsOf('before', 1, 'Nuovo governo giura'));
        await index.remove(['gone0', 'gone1']);
        await index.addSoon(documentsOf('a', 600));
        await index.settle();
        expect(await bulkTableExists(trx)).toBe(false);
        expect(await openTransactions(trx)).toBe(1);
        // Searched inside the transaction: the new table, through the second connection.
        expect(
          (await index.search({ query: parseSearchQuery('governo'), filters: {}, offset: 0, limit: 5, now: at })).total,
        ).toBe(11);
      });

      expect((await search(database.db, 'governo')).total).toBe(11);
      expect((await search(database.db, 'elezioni')).articleIds.sort()).toEqual(['before1', 'before2']);
      expect((await search(database.db, 'vertice')).total).toBe(600);
      const stored = await sql<{
        rows: string;
        keys: string;
      }>`select count(*) as rows, count(distinct rank_key) as keys from search_documents`.execute(database.db);
      expect(stored.rows).toEqual([{ rows: '613', keys: '613' }]);
    });

    test('sends text in any script and long term vectors intact', async () => {
      const database = await openMigrated();
      const words = Array.from({ length: 3000 }, (_, i) => `parola${i.toString(36)}`);
      await inTransactionBeside(database, async (_trx, index) => {
        const [greek, long] = documentsOf('s', 2, 'Δελφοί e Kyïv: il vertice di Łódź');
        await index.addSoon([
          ...documentsOf('a', 598),
          greek as SearchDocument,
          { ...(long as SearchDocument), title: 'Un elenco', bodyHtml: `<p>${words.join(' ')}</p>` },
        ]);
      });

      expect((await search(database.db, 'Δελφοί')).articleIds).toEqual(['s0']);
      expect((await search(database.db, 'lodz kyiv')).articleIds).toEqual(['s0']);
      expect((await search(database.db, `${words[0]} ${words[2999]}`)).articleIds).toEqual(['s1']);
      expect((await search(database.db, `"${words[1500]} ${words[1501]}"`)).articleIds).toEqual(['s1']);
      const stored = await sql<{
        heading_terms: string;
      }>`select heading_terms from search_documents where article_id = 's0'`.execute(database.db);
      expect(stored.rows[0]?.heading_terms).toMatch(/^δελφ/);
    });

    test('starts from an empty table when the transaction emptied the index first, as a rebuild does', async () => {
      const database = await openMigrated();
      await createRepositories(database.db, 'postgres').search.add(documentsOf('before', 3, 'Elezioni regionali'));

      await inTransactionBeside(database, async (_trx, index) => {
        await index.removeAll();
        await index.add(documentsOf('early', 2, 'Nuovo governo giura'));
        await index.addSoon(documentsOf('a', 600));
      });

      expect((await search(database.db, 'elezioni')).total).toBe(0);
      expect((await search(database.db, 'governo')).total).toBe(2);
      expect((await search(database.db, 'vertice')).total).toBe(600);
    });

    test('gives the second connection back to the pool, whether the write commits or rolls back', async () => {
      // Two connections: the transaction's and one to spare. A connection kept by a write would leave none for the next.
      const database = await openMigrated(2);
      const writeBeside = (prefix: string, fail: boolean) =>
        inTransactionBeside(database, async (trx, index) => {
          await index.addSoon(documentsOf(prefix, 600));
          await index.settle();
          expect(await bulkTableExists(trx)).toBe(false);
          if (fail) throw new Error('the import found a bad line');
        });
      await writeBeside('a', false);
      await expect(writeBeside('b', true)).rejects.toThrow('bad line');
      await writeBeside('c', false);

      expect(await entriesInPlace(database.db)).toBe(1200);
      expect((await search(database.db, 'vertice')).isTotalCapped).toBe(true);
    });

    test('stays in the transaction when the pool has no connection to spare', async () => {
      const database = await openMigrated(1);
      await createRepositories(database.db, 'postgres').search.add(documentsOf('before', 3, 'Elezioni regionali'));

      await inTransactionBeside(database, async (trx, index) => {
        await index.addSoon(documentsOf('a', 600));
        await index.settle();
        expect(await bulkTableExists(trx)).toBe(true);
      });

      expect((await search(database.db, 'vertice')).total).toBe(600);
      expect((await search(database.db, 'elezioni')).total).toBe(3);
    });
  },
);

const inTransactionBeside = (database: Database, work: (trx: Db, search: SearchIndexRepository) => Promise<void>) =>
  inSearchTransaction(database, { sideConnections: database.sideConnections }, work);
