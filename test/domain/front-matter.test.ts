import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import { frontMatterFieldError, readFrontMatter } from '../../src/domain/front-matter.ts';

const refusalOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('accepted');
};

describe('front matter', () => {
  test('reads the YAML fields and the Markdown after the closing line, with or without a BOM and CRLF', () => {
    const matter = readFrontMatter('---\ntitle: Chi siamo\ntags: [a, b]\n---\n# Testo\n');
    expect(matter).toMatchObject({
      fields: { title: 'Chi siamo', tags: ['a', 'b'] },
      body: '# Testo\n',
      hasFrontMatter: true,
    });
    expect(readFrontMatter('\uFEFF---\r\ntitle: Redazione\r\n---\r\nTesto.').fields).toEqual({ title: 'Redazione' });
    expect(readFrontMatter('---\n---\nTesto.')).toMatchObject({ fields: {}, body: 'Testo.', hasFrontMatter: true });
  });

  test('takes text without front matter as all Markdown', () => {
    expect(readFrontMatter('Testo.\n---\nAltro.')).toEqual({
      fields: {},
      body: 'Testo.\n---\nAltro.',
      hasFrontMatter: false,
      fieldLines: {},
      file: undefined,
    });
  });

  test('names the file and its line when the YAML is broken', () => {
    const error = refusalOf(() =>
      readFrontMatter('---\ntitle: Chi siamo\ndescription: [aperta\n---\nTesto.', 'pagine/chi-siamo.md'),
    );
    expect(error.message).toMatch(/^pagine\/chi-siamo\.md: line [34]: the front matter is not valid YAML: \S/);
    expect(error.message).not.toContain('\n');
    expect(error.details).toMatchObject({ field: 'front_matter', file: 'pagine/chi-siamo.md' });
  });

  test('refuses a repeated field at its line, and front matter that is not name: value lines', () => {
    expect(refusalOf(() => readFrontMatter('---\ntitle: a\ntitle: b\n---\n', 'a.md')).message).toMatch(
      /^a\.md: line 3: .*not valid YAML/,
    );
    expect(refusalOf(() => readFrontMatter('---\n- title\n---\n', 'a.md')).message).toBe(
      'a.md: line 2: the front matter must be `name: value` lines',
    );
  });

  test("an error about a field's value points at the field's line", () => {
    const matter = readFrontMatter('---\n# commento\ntitle: Chi siamo\n\ndescription: 42\n---\nTesto.', 'chi-siamo.md');
    const error = frontMatterFieldError(matter, 'description', 'must be text');
    expect(error.message).toBe('chi-siamo.md: line 5: must be text');
    expect(error.details).toMatchObject({ field: 'description', line: 5 });
  });
});
