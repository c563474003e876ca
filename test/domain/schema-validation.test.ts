import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { parseArticleImportRecord } from '../../src/domain/article-import-record.ts';
import { ValidationError } from '../../src/domain/errors.ts';
import { parseWith, validateWith } from '../../src/domain/schema-validation.ts';
import { articleRecord } from '../support/article-records.ts';

const schema = z.strictObject({
  title: z.string().min(1, 'must not be empty'),
  limit: z.number().int().max(100).optional(),
  author: z.strictObject({ slug: z.string() }).optional(),
});

describe('zod issues as a ValidationError', () => {
  test('names each field by its path, with the reason', () => {
    const result = parseWith(schema, { title: '', author: { slug: 7 } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ValidationError);
    expect(result.error.details.field).toBe('title');
    expect(result.error.details.problems).toEqual([
      { field: 'title', message: 'must not be empty' },
      { field: 'author.slug', message: expect.stringContaining('expected string') },
    ]);
    expect(result.error.message).toMatch(/^title: must not be empty; author\.slug: .*expected string/);
  });

  test('says a missing field is required and a wrong one what it should be', () => {
    const result = parseWith(schema, { limit: 'dieci' });
    expect(result.ok ? [] : result.error.details.problems).toEqual([
      { field: 'title', message: 'is required' },
      { field: 'limit', message: expect.stringContaining('expected number') },
    ]);
  });

  test('names every unknown key, nested ones by their path', () => {
    const result = parseWith(schema, { title: 'x', colore: 'blu', sort: 1, author: { slug: 'a', nome: 'b' } });
    expect(result.ok ? [] : result.error.details.problems).toEqual(
      expect.arrayContaining([
        { field: 'colore', message: 'is not supported' },
        { field: 'sort', message: 'is not supported' },
        { field: 'author.nome', message: 'is not supported' },
      ]),
    );
    expect(result.ok ? 0 : result.error.details.problems?.length).toBe(3);
  });

  test('names a problem with the whole value by the name the caller gives it', () => {
    expect(() => validateWith(schema, 'testo', 'query')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.objectContaining({ field: 'query' }) }),
    );
    expect(validateWith(schema, { title: 'x' })).toEqual({ title: 'x' });
  });

  test('an import line with a field of the wrong type is not told the field is missing', () => {
    const result = parseArticleImportRecord(articleRecord({ title: 42 }));
    expect(result.ok ? [] : result.problems).toEqual([
      { field: 'title', message: expect.stringContaining('expected string') },
    ]);
    const missing = parseArticleImportRecord(articleRecord({ title: undefined }));
    expect(missing.ok ? [] : missing.problems).toEqual([{ field: 'title', message: 'is required' }]);
  });
});
