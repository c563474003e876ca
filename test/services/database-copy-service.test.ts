import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ConflictError, ValidationError } from '../../src/domain/errors.ts';
import { DatabaseCopyService, type DatabaseLocation } from '../../src/services/database-copy-service.ts';
import { Database } from '../../src/storage/database.ts';
import { TableCopier } from '../../src/storage/table-copier.ts';
import { articleRecord, generatedArticleLines, toLines } from '../support/article-records.ts';
import { databaseFingerprint } from '../support/database-fingerprint.ts';
import {
  adminQuery,
  createPostgresDatabase,
  describeEachDatabase,
  postgresAdminUrl,
  type TestDatabaseKind,
  testDatabaseKinds,
} from '../support/test-databases.ts';
import { createTestSite, type TestSite } from '../support/test-site.ts';

let tempDir: string;
let cleanups: (() => Promise<void>)[];
beforeEach(() => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-copy-'));
  cleanups = [];
});
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  fs.rmSync(tempDir, { recursive: true, force: true });
});

const service = new DatabaseCopyService(TableCopier, { kind: 'sqlite', file: '/nonexistent/testata.db' });

/** A whole Testata on `database`, closed after the test; `articles` corpus articles imported on top of the demo (if any). */
async function openSite(
  database: TestDatabaseKind,
  options: { demo?: boolean; articles?: number } = {},
): Promise<TestSite & { location: DatabaseLocation }> {
  const site = await createTestSite({ demo: options.demo ?? false, database });
  cleanups.push(() => site.close());
  if (options.articles) {
    const report = await site.testata.importer.importArticles(generatedArticleLines(options.articles));
    expect(report.committed).toBe(true);
  }
  return { ...site, location: site.testata.config.database };
}

/** An empty location of this kind, not yet migrated. */
async function emptyLocation(kind: TestDatabaseKind, name = 'target.db'): Promise<DatabaseLocation> {
  if (kind === 'sqlite') return { kind: 'sqlite', file: path.join(tempDir, name) };
  const postgres = await createPostgresDatabase();
  cleanups.push(postgres.drop);
  return { kind: 'postgres', url: postgres.url };
}

async function withDatabase<T>(location: DatabaseLocation, work: (database: Database) => Promise<T>): Promise<T> {
  const database = Database.open(location);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const fingerprintOf = (location: DatabaseLocation) =>
  withDatabase(location, (database) => databaseFingerprint(database.db));

/** Every index and constraint of the database, as the database itself describes them. */
const structureOf = (location: DatabaseLocation) =>
  withDatabase(location, async ({ db, dialect }) => {
    const { rows } =
      dialect === 'postgres'
        ? await sql<{ definition: string }>`
            select indexdef as definition from pg_indexes where schemaname = current_schema()
            union all select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint
            where connamespace = current_schema()::regnamespace`.execute(db)
        : await sql<{
            definition: string;
          }>`select coalesce(sql, name) as definition from sqlite_master where type in ('table', 'index')`.execute(db);
    return rows.map((r) => r.definition).sort();
  });

test('copies a 10,000-article corpus SQLite → PostgreSQL → SQLite, and the last database equals the first', {
  timeout: 120_000,
}, async () => {
  const first = await openSite('sqlite', { demo: true, articles: 10_000 });
  const moved = articleRecord({
    slug: 'trasferito',
    former_paths: ['/esteri/vecchio-indirizzo/', '/Archivio/2019/vecchio/'],
  });
  expect((await first.testata.importer.importArticles(toLines([moved]))).committed).toBe(true);
  const middle = await emptyLocation(testDatabaseKinds.includes('postgres') ? 'postgres' : 'sqlite', 'middle.db');
  const last = await emptyLocation('sqlite', 'last.db');

  const there = await service.copyDatabase(first.location, middle);
  const back = await service.copyDatabase(middle, last);

  for (const report of [there, back]) {
    expect(report.isCommitted).toBe(true);
    expect(report.tables.filter((t) => !t.isEqual)).toEqual([]);
  }
  const original = await databaseFingerprint(first.testata.database.db);
  expect(original.counts.articles).toBe(10_031);
  expect(original.counts.redirects).toBeGreaterThan(0);
  expect(original.counts.article_corrections).toBeGreaterThan(0);
  expect(await fingerprintOf(last)).toEqual(original);
  const verification = await service.verifyDatabases(first.location, last);
  expect(verification.tables.map((t) => [t.table, t.isEqual])).toEqual(TableCopier.tables.map((t) => [t, true]));
  expect(verification.tables.find((t) => t.table === 'content_changes')?.sourceRows).toBeGreaterThan(0);

  // Equal rows give equal pages: spot-check that through the real app as well.
  const copy = await createTestSite({
    demo: false,
    env: { DATABASE_URL: `sqlite:${(last as { file: string }).file}` },
  });
  cleanups.push(() => copy.close());
  const newest = (await first.app.inject('/api/v1/articles?limit=3')).json().articles as { url: string }[];
  // The search index is not copied but rebuilt in the target, in the copy's transaction.
  const searches = [
    '/api/v1/search?q=esercitazioni+militari',
    '/api/v1/search?q=%22ministro+degli+esteri%22&page=3',
    '/cerca?q=grano',
  ];
  for (const url of [
    '/',
    '/api/v1/articles?limit=3',
    '/api/v1/tags',
    ...searches,
    ...newest.map((a) => new URL(a.url).pathname),
  ]) {
    const [a, b] = [await first.app.inject(url), await copy.app.inject(url)];
    expect(b.statusCode, url).toBe(a.statusCode);
    expect(b.body, url).toBe(a.body);
  }
});

describeEachDatabase('copying into %s', (targetKind) => {
  test('refuses a target that already holds content, naming its tables, and leaves it untouched', async () => {
    const source = await openSite('sqlite', { articles: 40 });
    const target = await openSite(targetKind, { demo: true });
    const before = await databaseFingerprint(target.testata.database.db);

    const refusal = service.copyDatabase(source.location, target.location);
    await expect(refusal).rejects.toThrow(ConflictError);
    await expect(refusal).rejects.toThrow(/the target already holds content \(.*articles: 30.*\); nothing was written/);
    expect(await databaseFingerprint(target.testata.database.db)).toEqual(before);
  });

  test('with force, replaces the content of the target by the source, in small batches across composite keys', async () => {
    const source = await openSite('sqlite', { demo: true, articles: 40 });
    const target = await openSite(targetKind, { articles: 25 });

    const report = await service.copyDatabase(source.location, target.location, { force: true, batchSize: 7 });

    expect(report.isCommitted).toBe(true);
    expect(report.tables.every((t) => t.isEqual)).toBe(true);
    expect(await databaseFingerprint(target.testata.database.db)).toEqual(
      await databaseFingerprint(source.testata.database.db),
    );
    // The target's old index entries went with its old articles; the source's articles are found.
    const found = async (site: TestSite) =>
      (await site.testata.search.search({ text: 'governo', page: 1 })).results.map((r) => r.article.slug);
    expect(await found(target)).toEqual(await found(source));
    expect((await target.testata.search.search({ text: 'governo', page: 1 })).total).toBe(
      (await source.testata.search.search({ text: 'governo', page: 1 })).total,
    );
  });

  test('an error thrown mid-copy (by the progress callback) leaves the target as it was', async () => {
    const source = await openSite('sqlite', { articles: 60 });
    const target = await openSite(targetKind, { demo: true });
    const before = await databaseFingerprint(target.testata.database.db);
    let copiedArticles = 0;

    const copy = service.copyDatabase(source.location, target.location, {
      force: true,
      batchSize: 10,
      onProgress: (progress) => {
        if (progress.table !== 'articles') return;
        copiedArticles = progress.tableDoneRows;
        if (copiedArticles >= 30) throw new Error('the operator pulled the plug');
      },
    });

    await expect(copy).rejects.toThrow('the operator pulled the plug');
    expect(copiedArticles).toBe(30);
    expect(await databaseFingerprint(target.testata.database.db)).toEqual(before);
  });

  test('a source row the target rejects (a tag that does not exist) rolls the whole copy back', async () => {
    const source = await openSite('sqlite', { articles: 20 });
    const target = await openSite(targetKind, { demo: true });
    const before = await databaseFingerprint(target.testata.database.db);
    const file = (source.location as { file: string }).file;
    const raw = new SqliteDatabase(file);
    raw.pragma('foreign_keys = OFF'); // how such a row gets in: an old tool, or a hand edit
    raw.prepare("insert into article_tags (article_id, tag_id) select id, 'no-such-tag' from articles limit 1").run();
    raw.close();

    await expect(service.copyDatabase(source.location, target.location, { force: true })).rejects.toThrow(
      /foreign key/i,
    );
    expect(await databaseFingerprint(target.testata.database.db)).toEqual(before);
  });

  test('into an empty target, ends with the indexes and foreign keys a migration makes, though it builds some after loading', async () => {
    const source = await openSite('sqlite', { articles: 30 });
    const target = await emptyLocation(targetKind);
    const migrated = await emptyLocation(targetKind, 'migrated.db');
    await withDatabase(migrated, (database) => database.migrate());

    expect((await service.copyDatabase(source.location, target)).isCommitted).toBe(true);

    const structure = await structureOf(target);
    expect(structure.length).toBeGreaterThan(20);
    expect(structure).toEqual(await structureOf(migrated));
    expect(await fingerprintOf(target)).toEqual(await databaseFingerprint(source.testata.database.db));
  });

  test('into an empty target, a source row that breaks a foreign key rolls back the copy and leaves the schema whole', async () => {
    const source = await openSite('sqlite', { articles: 20 });
    const target = await emptyLocation(targetKind);
    const raw = new SqliteDatabase((source.location as { file: string }).file);
    raw.pragma('foreign_keys = OFF');
    raw
      .prepare("insert into related_terms (article_id, term, weight) values ('no-such-article', 'governo', 0.5)")
      .run();
    raw.close();

    await expect(service.copyDatabase(source.location, target)).rejects.toThrow(/foreign key/i);

    const migrated = await emptyLocation(targetKind, 'migrated.db');
    await withDatabase(migrated, (database) => database.migrate());
    expect(await structureOf(target)).toEqual(await structureOf(migrated));
    expect((await fingerprintOf(target)).counts.articles).toBe(0);
  });

  test('a copy that reads back different from the source is rolled back and reported table by table', async () => {
    const source = await openSite('sqlite', { articles: 20 });
    const target = await emptyLocation(targetKind);
    const [victim] = await source.testata.database.db
      .selectFrom('articles')
      .select('id')
      .orderBy('id')
      .limit(1)
      .execute();
    // A target that changes what it stores: a trigger that edits one title as it arrives.
    await withDatabase(target, async (database) => {
      await database.migrate();
      const alter = sql`update articles set title = title || ' (modificato)' where id = ${sql.lit(victim!.id)}`;
      if (database.dialect === 'sqlite') {
        await sql`create trigger lossy after insert on articles begin ${alter}; end`.execute(database.db);
      } else {
        await sql`create function lossy() returns trigger language plpgsql as $$ begin ${alter}; return null; end $$`.execute(
          database.db,
        );
        await sql`create trigger lossy after insert on articles for each statement execute function lossy()`.execute(
          database.db,
        );
      }
    });

    const report = await service.copyDatabase(source.location, target);

    expect(report.isCommitted).toBe(false);
    expect(report.tables.filter((t) => !t.isEqual).map((t) => t.table)).toEqual(['articles']);
    expect((await fingerprintOf(target)).counts.articles).toBe(0);
  });

  test('verification finds a row changed and a row removed in the target after a copy', async () => {
    const source = await openSite('sqlite', { articles: 30 });
    const target = await emptyLocation(targetKind);
    expect((await service.copyDatabase(source.location, target)).isCommitted).toBe(true);
    expect((await service.verifyDatabases(source.location, target)).tables.every((t) => t.isEqual)).toBe(true);

    await withDatabase(target, async ({ db }) => {
      const [first] = await db.selectFrom('articles').select('id').orderBy('id').limit(1).execute();
      await db
        .updateTable('articles')
        .set({ standfirst: 'Un sommario ritoccato.' })
        .where('id', '=', first!.id)
        .execute();
      const [tag] = await db.selectFrom('article_tags').selectAll().orderBy('article_id').limit(1).execute();
      await db
        .deleteFrom('article_tags')
        .where('article_id', '=', tag!.article_id)
        .where('tag_id', '=', tag!.tag_id)
        .execute();
    });
    const report = await service.verifyDatabases(source.location, target);

    const different = report.tables.filter((t) => !t.isEqual);
    expect(different.map((t) => t.table)).toEqual(['articles', 'article_tags']);
    expect(different[0]).toMatchObject({ sourceRows: 30, targetRows: 30 });
    expect(different[0]!.sourceChecksum).not.toBe(different[0]!.targetChecksum);
    expect(different[1]!.targetRows).toBe(different[1]!.sourceRows - 1);
  });
});

test.skipIf(!testDatabaseKinds.includes('postgres'))(
  'checksums agree when PostgreSQL orders the keys by another collation than SQLite',
  async () => {
    const source = await openSite('sqlite', { articles: 5 });
    const db = source.testata.database.db;
    const [article] = await db.selectFrom('articles').select('id').limit(1).execute();
    // Byte order puts "/B/" before "/a-b/"; ICU's en-US puts it last.
    const paths = ['/B/vecchio/', '/a-b/vecchio/', '/a/vecchio/', '/ab/vecchio/'];
    await db
      .insertInto('redirects')
      .values(
        paths.map((from_path) => ({ from_path, article_id: article!.id, created_at: '2024-01-01T00:00:00.000Z' })),
      )
      .execute();
    const name = `testata_test_icu_${process.pid}`;
    await adminQuery(
      `create database ${name} template template0 locale_provider icu icu_locale 'en-US' locale 'C.UTF-8'`,
    );
    cleanups.push(() => adminQuery(`drop database if exists ${name} with (force)`));
    const url = new URL(postgresAdminUrl);
    url.pathname = `/${name}`;

    const report = await service.copyDatabase(
      source.location,
      { kind: 'postgres', url: url.toString() },
      { batchSize: 2 },
    );

    expect(report.tables.find((t) => t.table === 'redirects')).toMatchObject({
      sourceRows: 4,
      targetRows: 4,
      isEqual: true,
    });
    expect(report.isCommitted).toBe(true);
  },
);

test('refuses to copy a database onto itself, from a file that does not exist, or from a file without a Testata schema', async () => {
  const site = await openSite('sqlite', { articles: 3 });
  const link = path.join(tempDir, 'collegamento.db');
  fs.symlinkSync((site.location as { file: string }).file, link);
  await expect(service.copyDatabase(site.location, { kind: 'sqlite', file: link }, { force: true })).rejects.toThrow(
    'the source and the target are the same database',
  );

  const missing = path.join(tempDir, 'assente.db');
  await expect(service.copyDatabase({ kind: 'sqlite', file: missing }, await emptyLocation('sqlite'))).rejects.toThrow(
    ValidationError,
  );
  expect(fs.existsSync(missing)).toBe(false);

  const stranger = path.join(tempDir, 'estraneo.db');
  new SqliteDatabase(stranger).exec('create table appunti (testo text)').close();
  await expect(
    service.copyDatabase({ kind: 'sqlite', file: stranger }, await emptyLocation('sqlite', 'x.db')),
  ).rejects.toThrow('the source holds no Testata database (no migrations applied)');
});
