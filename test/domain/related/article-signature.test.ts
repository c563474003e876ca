import { describe, expect, test } from 'vitest';
import {
  articleSignature,
  articleTermFrequencies,
  signatureSimilarity,
} from '../../../src/domain/related/article-signature.ts';

const uniform = { articleCount: 100, articlesWithTerm: () => 10 };
const signatureOf = (title: string, body = '') =>
  new Map(
    articleSignature(articleTermFrequencies({ title, standfirst: '', bodyMarkdown: body }), uniform).map((t) => [
      t.term,
      t.weight,
    ]),
  );

describe('article signature', () => {
  test('singular and plural, masculine and feminine forms give the same terms', () => {
    expect(
      signatureSimilarity(
        signatureOf('Gli agricoltori siciliani e i raccolti'),
        signatureOf("L'agricoltore siciliano e il raccolto"),
      ),
    ).toBeCloseTo(1, 5);
  });

  test('is unit length, keeps at most sixteen terms, and weighs title words more than body words', () => {
    const body =
      'uno due tre quattro cinque sei sette otto nove dieci undici dodici tredici quattordici quindici sedici diciassette diciotto';
    const signature = articleSignature(
      articleTermFrequencies({ title: 'Vendemmia', standfirst: '', bodyMarkdown: body }),
      uniform,
    );
    expect(signature).toHaveLength(16);
    expect(signature[0]?.term).toBe('vendemm');
    expect(signature.reduce((sum, t) => sum + t.weight * t.weight, 0)).toBeCloseTo(1, 4);
  });

  test('ignores link targets in the body', () => {
    const frequencies = articleTermFrequencies({
      title: 'Nota',
      standfirst: '',
      bodyMarkdown: 'Vedi [il documento](https://esempio.it/atti/delibera.pdf).',
    });
    expect([...frequencies.keys()]).not.toContain('esempio');
    expect([...frequencies.keys()]).toContain('document');
  });

  test('unrelated texts have no similarity', () => {
    expect(signatureSimilarity(signatureOf('Derby di Milano in parità'), signatureOf('Siccità in Sicilia'))).toBe(0);
  });
});
