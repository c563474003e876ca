// The dependency rule of DESIGN.md: arrows point inward only. `npm test` runs this.
const layer = (name) => `^src/${name}/`;
const anyOf = (names) => `^src/(${names.join('|')})/`;

/** Each layer and what it may NOT import (everything of ours it isn't allowed). */
const forbidden = [
  {
    from: 'domain',
    notTo: ['storage', 'services', 'http', 'site', 'cli', 'config', 'mail', 'payments', 'media', 'jobs'],
  },
  { from: 'storage', notTo: ['services', 'http', 'site', 'cli', 'config', 'mail', 'payments', 'media', 'jobs'] },
  { from: 'services', notTo: ['http', 'site', 'cli', 'config'] },
  { from: 'http', notTo: ['site', 'cli', 'storage', 'config'] },
  { from: 'site', notTo: ['http', 'cli', 'storage', 'config'] },
  { from: 'cli', notTo: ['http', 'site', 'storage', 'config'] },
  { from: 'config', notTo: ['storage', 'services', 'http', 'site', 'cli'] },
];

/** Layers that may import nothing of ours but these (their own folder aside), as DESIGN.md's table says. */
const onlyAllowed = [
  { from: 'jobs', to: ['domain', 'storage'] },
  // Adapters to the outside world, each behind a small interface: the folders do not exist yet.
  { from: 'mail', to: ['domain'] },
  { from: 'media', to: ['domain'] },
  { from: 'payments', to: ['domain'] },
];

/** The dialect folders of storage: their parts are picked by name in storage-dialects.ts. */
const dialectFolder = '^src/storage/(sqlite|postgres)/';

module.exports = {
  forbidden: [
    ...forbidden.map(({ from, notTo }) => ({
      name: `${from}-inward-only`,
      comment: `${from}/ must not import ${notTo.join(', ')} (DESIGN.md, "Layers and the dependency rule")`,
      severity: 'error',
      from: { path: layer(from) },
      to: { path: anyOf(notTo) },
    })),
    ...onlyAllowed.map(({ from, to }) => ({
      name: `${from}-imports-only-${to.join('-')}`,
      comment: `${from}/ may import only ${to.join(' and ')} (DESIGN.md, "Layers and the dependency rule")`,
      severity: 'error',
      from: { path: layer(from) },
      to: { path: '^src/', pathNot: anyOf([from, ...to]) },
    })),
    {
      name: 'dialect-folders-private-to-storage',
      comment:
        "storage/sqlite/ and storage/postgres/ are storage's own: the rest reaches them through storage's interfaces",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/storage/' },
      to: { path: dialectFolder },
    },
    {
      name: 'dialects-picked-in-one-place',
      comment:
        'outside the dialect folders, only storage-dialects.ts (the parts of each dialect), database.ts (opening a connection) and ' +
        'search-analysis.ts (the analysis thread gets data, not the index) import them; shared modules hold no dialect branch',
      severity: 'error',
      from: {
        path: '^src/storage/',
        pathNot: '^src/storage/((sqlite|postgres)/|storage-dialects\\.ts$|database\\.ts$|search-analysis\\.ts$)',
      },
      to: { path: dialectFolder },
    },
    {
      name: 'sqlite-apart-from-postgres',
      comment: 'one dialect folder never imports the other',
      severity: 'error',
      from: { path: '^src/storage/sqlite/' },
      to: { path: '^src/storage/postgres/' },
    },
    {
      name: 'postgres-apart-from-sqlite',
      comment: 'one dialect folder never imports the other',
      severity: 'error',
      from: { path: '^src/storage/postgres/' },
      to: { path: '^src/storage/sqlite/' },
    },
    {
      name: 'migrations-stay-as-written',
      comment:
        "a migration must do what it did when it was written: it imports nothing of ours outside migrations/ (today's search " +
        'code changes; a migration that changes what the index holds calls requestSearchRebuild instead)',
      severity: 'error',
      from: { path: '^src/storage/migrations/' },
      to: { path: '^src/', pathNot: '^src/storage/migrations/' },
    },
    {
      name: 'only-main-imports-main',
      comment: 'main.ts is the composition root; nothing imports it',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(test|bench|node_modules)/' },
  },
};
