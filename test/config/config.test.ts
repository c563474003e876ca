import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { type Config, ConfigError, configVariables, loadConfig } from '../../src/config/config.ts';

/** The README's configuration table: each variable with its documented default. */
const readmeVariables = (() => {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  const rows = [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|/gm)];
  return new Map(rows.map((row) => [row[1]!, row[2]!.trim()]));
})();

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

  test('the README documents every variable it reads, and only those', () => {
    expect([...readmeVariables.keys()].sort()).toEqual([...configVariables].sort());
  });

  test('reads every documented variable', () => {
    // A value other than the default for each variable, and where the config shows it.
    const samples: Record<string, [string, Partial<Config>]> = {
      TESTATA_DATA_DIR: [
        '/tmp/redazione',
        { dataDir: '/tmp/redazione', database: { kind: 'sqlite', file: '/tmp/redazione/testata.db' } },
      ],
      DATABASE_URL: ['sqlite:/tmp/altro.db', { database: { kind: 'sqlite', file: '/tmp/altro.db' } }],
      DATABASE_POOL_SIZE: ['4', { databasePoolSize: 4 }],
      DATABASE_QUERY_TIMEOUT_MS: ['2000', { databaseQueryTimeoutMs: 2000 }],
      HOST: ['0.0.0.0', { host: '0.0.0.0' }],
      PORT: ['8080', { port: 8080, publicUrl: 'http://localhost:8080' }],
      PUBLIC_URL: ['https://www.example.org/', { publicUrl: 'https://www.example.org' }],
      LOG_LEVEL: ['warn', { logLevel: 'warn' }],
      TESTATA_PAGE_CACHE_ENTRIES: ['0', { pageCacheEntries: 0 }],
      TESTATA_PAGE_CACHE_MB: ['8', { pageCacheBytes: 8 * 1024 * 1024 }],
      TESTATA_CHANGE_POLL_MS: ['250', { changePollMs: 250 }],
      TESTATA_JOB_POLL_MS: ['5000', { jobPollMs: 5000 }],
      TESTATA_SCHEDULED_PUBLISH_CHECK_SECONDS: ['60', { scheduledPublishCheckSeconds: 60 }],
      TESTATA_HTTP_REQUEST_TIMEOUT_SECONDS: ['10', { httpRequestTimeoutSeconds: 10 }],
      TESTATA_HTTP_KEEP_ALIVE_SECONDS: ['75', { httpKeepAliveSeconds: 75 }],
      TESTATA_TRUSTED_PROXIES: ['loopback, 10.0.0.0/8', { trustedProxies: ['loopback', '10.0.0.0/8'] }],
    };
    expect(Object.keys(samples).sort()).toEqual([...readmeVariables.keys()].sort());
    const defaults = loadConfig({});
    for (const [variable, [value, expected]] of Object.entries(samples)) {
      const config = loadConfig({ [variable]: value });
      expect(config, variable).toEqual({ ...defaults, ...expected });
      expect(config, variable).not.toEqual(defaults);
    }
  });

  test('the defaults the README gives are the defaults', () => {
    const defaults = loadConfig({});
    for (const [variable, documented] of readmeVariables) {
      // Only plain values; "unset = SQLite file in the data dir" is prose.
      const literal = /^`([^`]+)`$/.exec(documented)?.[1];
      if (!literal) continue;
      expect(loadConfig({ [variable]: literal.replace('PORT', String(defaults.port)) }), variable).toEqual(defaults);
    }
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

  test('refuses a trusted proxy that is not an address, a range or a named range', () => {
    for (const value of ['nginx', '10.0.0.0/33', '10.0.0.1/8/2', '::1/129']) {
      expect(() => loadConfig({ TESTATA_TRUSTED_PROXIES: value }), value).toThrow(
        /TESTATA_TRUSTED_PROXIES=.*: must be addresses or CIDR ranges/,
      );
    }
    expect(loadConfig({ TESTATA_TRUSTED_PROXIES: '::1, 192.168.0.0/16' }).trustedProxies).toEqual([
      '::1',
      '192.168.0.0/16',
    ]);
  });

  test('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT="70000": must be between 0 and 65535/);
  });
});
