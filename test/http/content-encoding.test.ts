// Accept-Encoding as RFC 9110 §12.5.3 reads it, through the whole app: q-values, identity, refusals, wildcards.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestSite, type TestSite } from '../support/test-site.ts';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite({ database: 'sqlite' });
});
afterAll(() => site.close());

const get = (url: string, headers: Record<string, string> = {}) => site.app.inject({ method: 'GET', url, headers });

const decoded = (response: Awaited<ReturnType<typeof get>>) => {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.rawPayload).toString();
  if (encoding === 'gzip') return gunzipSync(response.rawPayload).toString();
  expect(encoding).toBeUndefined();
  return response.body;
};

describe('content encoding', () => {
  const cases: [string, 'br' | 'gzip' | 'identity'][] = [
    ['gzip, deflate, br', 'br'],
    ['gzip;q=0.5, br;q=0.8', 'br'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['br;q=0', 'identity'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, *', 'gzip'],
    ['*', 'br'],
    ['identity', 'identity'],
    ['gzip;q=0.5, br;q=0.8, identity;q=0.9', 'identity'],
    ['identity;q=0', 'identity'],
    ['*;q=0', 'identity'],
    ['identity;q=0, *;q=0', 'identity'],
    ['', 'identity'],
  ];

  test.each(cases)(
    'Accept-Encoding "%s" gets %s, and the body decodes to the page',
    async (acceptEncoding, expected) => {
      const plain = await get('/esteri/');
      expect(plain.headers['content-encoding']).toBeUndefined();
      const response = await get('/esteri/', { 'accept-encoding': acceptEncoding });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding'] ?? 'identity').toBe(expected);
      expect(response.headers.vary).toBe('Accept-Encoding');
      expect(decoded(response)).toBe(plain.body);
    },
  );

  test('refusing every encoding, identity included, still gets the page rather than a 406', async () => {
    for (const acceptEncoding of ['identity;q=0', '*;q=0', 'identity;q=0, br;q=0, gzip;q=0']) {
      for (const url of ['/', '/esteri/', '/api/v1/articles']) {
        const response = await get(url, { 'accept-encoding': acceptEncoding });
        expect(response.statusCode, `${url} ${acceptEncoding}`).toBe(200);
        expect(response.headers['content-encoding']).toBeUndefined();
        expect(response.headers.vary).toBe('Accept-Encoding');
      }
    }
  });

  test('the Content API negotiates the same way', async () => {
    const plain = await get('/api/v1/articles');
    const response = await get('/api/v1/articles', { 'accept-encoding': 'gzip;q=1, br;q=0.1' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decoded(response))).toEqual(JSON.parse(plain.body));
  });
});
