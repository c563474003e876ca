import { describe, expect, test } from 'vitest';
import { PageCache, type CachedResponse } from '../../src/http/page-cache.ts';

const response = (text: string, dependencies: string[] = []): Omit<CachedResponse, 'etag' | 'lastModified'> => ({
  status: 200,
  contentType: 'text/html; charset=utf-8',
  body: Buffer.from(text),
  cacheControl: 'public',
  headers: {},
  dependencies,
});

describe('PageCache', () => {
  test('keeps at most its number of entries, dropping the least recently used', () => {
    const cache = new PageCache(2);
    cache.set('/a', response('a'), cache.generation);
    cache.set('/b', response('b'), cache.generation);
    cache.get('/a');
    cache.set('/c', response('c'), cache.generation);
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/a')).toBeDefined();
    expect(cache.get('/c')).toBeDefined();
  });

  test('stays within its byte budget, compressed copies included', () => {
    const page = 'x'.repeat(20_000);
    const cache = new PageCache(1000, 100_000);
    for (let i = 0; i < 20; i++) {
      const entry = cache.set(`/p${i}`, response(page + i), cache.generation);
      cache.encode(entry, 'gzip');
      cache.encode(entry, 'br');
      expect(cache.bytes).toBeLessThanOrEqual(100_000);
    }
    expect(cache.size).toBeGreaterThan(1);
    expect(cache.size).toBeLessThan(6);
    expect(cache.get('/p19')).toBeDefined();
  });

  test('drops pages by the content keys they show, and does not keep a render that raced a change', () => {
    const cache = new PageCache(100);
    cache.set('/one', response('1', ['article:1', 'list:all']), cache.generation);
    cache.set('/two', response('2', ['article:2']), cache.generation);
    const startedAt = cache.generation;
    expect(cache.invalidate(['article:1'])).toBe(1);
    cache.set('/three', response('3', ['article:3']), startedAt);
    expect(cache.get('/one')).toBeUndefined();
    expect(cache.get('/two')).toBeDefined();
    expect(cache.get('/three')).toBeUndefined();
    cache.invalidate(['*']);
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });
});
