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
      { field: 'author.slug', message: 'must be a string, got number' },
    ]);
    expect(result.error.message).toBe('title: must not be empty; author.slug: must be a string, got number');
  });

  test('says a missing field is required and a wrong one what it should be', () => {
    const result = parseWith(schema, { limit: 'dieci' });
    expect(result.ok ? [] : result.error.details.problems).toEqual([
      { field: 'title', message: 'is required' },
      { field: 'limit', message: 'must be a number, got string' },
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
    expect(result.ok ? [] : result.problems).toEqual([{ field: 'title', message: 'must be a string, got number' }]);
    const missing = parseArticleImportRecord(articleRecord({ title: undefined }));
    expect(missing.ok ? [] : missing.problems).toEqual([{ field: 'title', message: 'is required' }]);
  });

  test('an import line that is not an object says what it is', () => {
    const problemsOf = (value: unknown) => {
      const result = parseArticleImportRecord(value);
      return result.ok ? [] : result.problems;
    };
    expect(problemsOf(42)).toEqual([{ field: '(line)', message: 'must be a JSON object, got number' }]);
    expect(problemsOf([])).toEqual([{ field: '(line)', message: 'must be a JSON object, got a list' }]);
    expect(problemsOf(null)).toEqual([{ field: '(line)', message: 'must be a JSON object, got null' }]);
  });

  test('a field of the wrong type is told the type it must have, also where it may have one of several', () => {
    const result = parseArticleImportRecord(
      articleRecord({
        tags: 'economia',
        noindex: 'no',
        sources: [5],
        author: { slug: 'redazione', name: ['Redazione'] },
        image: { src: '/a.jpg', alt: '', width: 800.5, height: 600 },
      }),
    );
    expect(result.ok ? [] : result.problems).toEqual(
      expect.arrayContaining([
        { field: 'tags', message: 'must be a list, got string' },
        { field: 'noindex', message: 'must be true or false, got string' },
        { field: 'sources.0', message: 'must be a string or a JSON object, got number' },
        { field: 'author.name', message: 'must be a string, got a list' },
        { field: 'image.width', message: 'must be a whole number, got 800.5' },
      ]),
    );
  });

  test('a text field with a control character is refused, naming the field, the character and where it is', () => {
    const result = parseArticleImportRecord(
      articleRecord({
        title: 'Titolo\u0000nascosto',
        body_markdown: 'Primo paragrafo.\r\n\r\n\tSecondo\u001b[31m',
        author: { slug: 'redazione', name: 'Reda\u0007zione' },
      }),
    );
    expect(result.ok ? [] : result.problems).toEqual([
      { field: 'title', message: 'must not contain control characters: U+0000 at character 7' },
      { field: 'author.name', message: 'must not contain control characters: U+0007 at character 5' },
      { field: 'body_markdown', message: 'must not contain control characters: U+001B at character 29' },
    ]);
    const tabsAndLineBreaks = parseArticleImportRecord(articleRecord({ body_markdown: 'Uno.\r\n\r\n\tDue.\n' }));
    expect(tabsAndLineBreaks.ok).toBe(true);
  });
});
