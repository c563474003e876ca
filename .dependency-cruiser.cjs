// The dependency rule of DESIGN.md: arrows point inward only. `npm test` runs this.
const layer = (name) => `^src/${name}/`;

/** Each layer and what it may NOT import (everything of ours it isn't allowed). */
const forbidden = [
  { from: 'domain', notTo: ['storage', 'services', 'http', 'site', 'cli', 'config', 'mail', 'payments', 'media', 'jobs'] },
  { from: 'storage', notTo: ['services', 'http', 'site', 'cli', 'config', 'mail', 'payments', 'media', 'jobs'] },
  { from: 'services', notTo: ['http', 'site', 'cli', 'config'] },
  { from: 'http', notTo: ['site', 'cli', 'storage', 'config'] },
  { from: 'site', notTo: ['http', 'cli', 'storage', 'config'] },
  { from: 'cli', notTo: ['http', 'site', 'storage', 'config'] },
  { from: 'config', notTo: ['storage', 'services', 'http', 'site', 'cli'] },
];

module.exports = {
  forbidden: [
    ...forbidden.map(({ from, notTo }) => ({
      name: `${from}-inward-only`,
      comment: `${from}/ must not import ${notTo.join(', ')} (DESIGN.md, "Layers and the dependency rule")`,
      severity: 'error',
      from: { path: layer(from) },
      to: { path: `^src/(${notTo.join('|')})/` },
    })),
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
