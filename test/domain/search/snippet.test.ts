import { describe, expect, it } from 'vitest';
import { italianTerms } from '../../../src/domain/search/italian-analyzer.ts';
import { buildSnippet } from '../../../src/domain/search/snippet.ts';
import { isCalendarDate, nextDay, startOfDayIn } from '../../../src/domain/time-zone.ts';

const terms = (text: string) => new Set(italianTerms(text));

describe('a search result passage', () => {
  it('shows the window holding the most searched words, marked, cut at word boundaries', () => {
    const filler = 'Parole di contorno senza importanza alcuna. '.repeat(12);
    const text = `${filler}Le esercitazioni militari sono iniziate ieri. ${filler}`;
    const parts = buildSnippet(text, terms('militare esercitazione'), 120);
    expect(parts.filter((p) => p.isMatch).map((p) => p.text)).toEqual(['esercitazioni', 'militari']);
    expect(parts[0]?.text).toBe('… ');
    expect(parts[parts.length - 1]?.text).toBe(' …');
    expect(parts.map((p) => p.text).join('').length).toBeLessThanOrEqual(130);
  });

  it('opens the text when no word matches in it (a match in the title)', () => {
    const parts = buildSnippet('Una frase breve.', terms('governo'));
    expect(parts).toEqual([{ text: 'Una frase breve.', isMatch: false }]);
  });
});

describe('calendar days in the publication time zone', () => {
  it('starts a Roman day at 23:00 or 22:00 UTC, following daylight saving time', () => {
    expect(startOfDayIn('2024-01-15', 'Europe/Rome')).toBe('2024-01-14T23:00:00.000Z');
    expect(startOfDayIn('2024-07-15', 'Europe/Rome')).toBe('2024-07-14T22:00:00.000Z');
    expect(startOfDayIn('2024-03-31', 'Europe/Rome')).toBe('2024-03-30T23:00:00.000Z');
    expect(nextDay('2024-02-29')).toBe('2024-03-01');
  });

  it('accepts only real dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-13-01')).toBe(false);
    expect(isCalendarDate('ieri')).toBe(false);
  });
});
