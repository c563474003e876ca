import { describe, expect, test } from 'vitest';
import { statusToStore } from '../../src/domain/article.ts';

describe('the status an article is stored with', () => {
  const now = '2026-05-01T12:00:00.000Z';

  test('a published article dated after now is scheduled, not live at once', () => {
    expect(statusToStore('published', '2026-05-01T12:00:01.000Z', now)).toBe('scheduled');
  });

  test('a published article dated now or before stays published', () => {
    expect(statusToStore('published', now, now)).toBe('published');
    expect(statusToStore('published', '2020-01-01T00:00:00.000Z', now)).toBe('published');
  });

  test('any other status is kept, whatever the date', () => {
    for (const status of ['draft', 'in_review', 'scheduled', 'archived'] as const) {
      expect(statusToStore(status, '2999-01-01T00:00:00.000Z', now)).toBe(status);
    }
  });
});
