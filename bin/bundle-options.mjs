// How src/ is bundled for plain Node: by bin/testata.mjs, and by benchmarks that load the app's modules.
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  sourcemap: false,
  write: false,
  logLevel: 'error',
};
