import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

describe('loadConfig', () => {
  test('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      dataDir: path.resolve('./data'),
      database: { kind: 'sqlite', file: path.resolve('./data/testata.db') },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('reads every documented variable', () => {
    const config = loadConfig({
      TESTATA_DATA_DIR: '/tmp/redazione',
      HOST: '0.0.0.0',
      PORT: '8080',
      PUBLIC_URL: 'https://www.example.org/',
      DATABASE_URL: 'sqlite:/tmp/altro.db',
    });
    expect(config).toMatchObject({
      dataDir: '/tmp/redazione',
      host: '0.0.0.0',
      port: 8080,
      publicUrl: 'https://www.example.org',
      database: { kind: 'sqlite', file: '/tmp/altro.db' },
    });
  });

  test('names each bad value and why', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'ottanta', PUBLIC_URL: 'www.example.org', DATABASE_URL: 'mysql://x', TESTATA_DATADIR: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT="ottanta": must be a whole number/);
    expect(problems).toMatch(/PUBLIC_URL="www.example.org": must be an absolute http\(s\) URL/);
    expect(problems).toMatch(/DATABASE_URL="mysql:\/\/x": must be sqlite:PATH or postgres:/);
    expect(problems).toMatch(/TESTATA_DATADIR: unknown setting/);
  });

  test('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000": must be between 0 and 65535/);
  });
});
