import { describe, expect, test } from 'vitest';
import { isSlug, nameFromSlug, slugify } from '../../src/domain/slug.ts';

describe('slugs', () => {
  test('accepts lowercase letters, digits and hyphens inside', () => {
    for (const slug of ['esteri', 'medio-oriente', 'notizia-2024', 'a--58621']) expect(isSlug(slug), slug).toBe(true);
  });

  test('refuses capitals, accents, spaces, edge hyphens and overlong slugs', () => {
    for (const slug of ['Esteri', 'città', 'due parole', '-inizio', 'fine-', '', 'a'.repeat(121), '../x']) {
      expect(isSlug(slug), slug).toBe(false);
    }
  });

  test('makes a slug from Italian text and a name from a slug', () => {
    expect(slugify("Città dell'Aquila: è festa!")).toBe('citta-dell-aquila-e-festa');
    expect(nameFromSlug('medio-oriente')).toBe('Medio oriente');
  });
});
