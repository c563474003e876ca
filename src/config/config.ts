// The one reader of the environment: validates every setting once, with a clear message per bad value.
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { parseDatabaseLocation, type DatabaseLocation } from '../domain/database-location.ts';
import { ValidationError } from '../domain/errors.ts';
import { parseWith } from '../domain/schema-validation.ts';

export type DatabaseConfig = DatabaseLocation;

export type Config = Readonly<{
  dataDir: string;
  database: DatabaseConfig;
  host: string;
  port: number;
  publicUrl: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  databasePoolSize: number;
  databaseQueryTimeoutMs: number;
  pageCacheEntries: number;
  pageCacheBytes: number;
  changePollMs: number;
  jobPollMs: number;
  scheduledPublishCheckSeconds: number;
  /** How long a client may take to send a whole request, headers and body. */
  httpRequestTimeoutSeconds: number;
  /** How long an idle keep-alive connection stays open. */
  httpKeepAliveSeconds: number;
  /**
   * The reverse proxies whose X-Forwarded-For names the client (addresses, CIDR ranges or `loopback`); empty:
   * the client is the connection's peer, whatever a header says.
   */
  trustedProxies: string[];
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const integerIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const absoluteHttpUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL without query or fragment, e.g. https://www.example.org')
  .transform((value) => value.replace(/\/+$/, ''));

const databaseUrl = z.string().transform((value, context): DatabaseConfig => {
  try {
    return parseDatabaseLocation(value);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    context.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

const namedProxyRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);
const trustedProxies = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .refine(
    (entries) =>
      entries.every((entry) => {
        if (namedProxyRanges.has(entry)) return true;
        const [address = '', prefix, ...rest] = entry.split('/');
        const version = net.isIP(address);
        const maxPrefix = version === 6 ? 128 : 32;
        return (
          version !== 0 &&
          rest.length === 0 &&
          (prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix))
        );
      }),
    'must be addresses or CIDR ranges (or loopback, linklocal, uniquelocal), separated by commas',
  );

const environmentSchema = z.object({
  TESTATA_DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  DATABASE_URL: databaseUrl.optional(),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: integerIn(0, 65535).default(3000),
  PUBLIC_URL: absoluteHttpUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  DATABASE_POOL_SIZE: integerIn(1, 1000).default(10),
  DATABASE_QUERY_TIMEOUT_MS: integerIn(100, 600_000).default(5000),
  TESTATA_PAGE_CACHE_ENTRIES: integerIn(0, 1_000_000).default(5000),
  TESTATA_PAGE_CACHE_MB: integerIn(0, 100_000).default(24),
  TESTATA_CHANGE_POLL_MS: integerIn(50, 60_000).default(1000),
  TESTATA_JOB_POLL_MS: integerIn(50, 60_000).default(1000),
  TESTATA_SCHEDULED_PUBLISH_CHECK_SECONDS: integerIn(1, 3600).default(30),
  TESTATA_HTTP_REQUEST_TIMEOUT_SECONDS: integerIn(1, 3600).default(30),
  TESTATA_HTTP_KEEP_ALIVE_SECONDS: integerIn(1, 3600).default(5),
  TESTATA_TRUSTED_PROXIES: trustedProxies.optional(),
});

/** Every environment variable Testata reads; the README's configuration table lists the same. */
export const configVariables: readonly string[] = Object.keys(environmentSchema.shape);
const knownKeys = new Set(configVariables);

/** Reads only the keys Testata owns (and warns about misspelt TESTATA_* ones). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: string[] = [];
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    if (knownKeys.has(key)) input[key] = value;
    else if (key.startsWith('TESTATA_')) problems.push(`${key}: unknown setting (known: ${[...knownKeys].join(', ')})`);
  }
  const parsed = parseWith(environmentSchema, input);
  if (!parsed.ok) {
    for (const { field, message } of parsed.error.details.problems ?? [])
      problems.push(`${field}=${JSON.stringify(input[field])}: ${message}`);
  }
  if (problems.length > 0 || !parsed.ok) throw new ConfigError(problems);
  const values = parsed.value;
  const dataDir = path.resolve(values.TESTATA_DATA_DIR);
  const database = values.DATABASE_URL ?? { kind: 'sqlite', file: path.join(dataDir, 'testata.db') };
  return Object.freeze({
    dataDir,
    database,
    host: values.HOST,
    port: values.PORT,
    publicUrl: values.PUBLIC_URL ?? `http://localhost:${values.PORT}`,
    logLevel: values.LOG_LEVEL,
    databasePoolSize: values.DATABASE_POOL_SIZE,
    databaseQueryTimeoutMs: values.DATABASE_QUERY_TIMEOUT_MS,
    pageCacheEntries: values.TESTATA_PAGE_CACHE_ENTRIES,
    pageCacheBytes: values.TESTATA_PAGE_CACHE_MB * 1024 * 1024,
    changePollMs: values.TESTATA_CHANGE_POLL_MS,
    jobPollMs: values.TESTATA_JOB_POLL_MS,
    scheduledPublishCheckSeconds: values.TESTATA_SCHEDULED_PUBLISH_CHECK_SECONDS,
    httpRequestTimeoutSeconds: values.TESTATA_HTTP_REQUEST_TIMEOUT_SECONDS,
    httpKeepAliveSeconds: values.TESTATA_HTTP_KEEP_ALIVE_SECONDS,
    trustedProxies: values.TESTATA_TRUSTED_PROXIES ?? [],
  });
}
