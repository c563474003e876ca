// The binary tsvector the analyser builds for PostgreSQL, read back by a real server; and the sort it uses.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  maxPositionsPerTerm,
  pairLexeme,
  maxTermPosition,
  sortedOrder,
  TermVectorBatch,
} from '../../src/storage/postgres/postgres-term-vector.ts';
import { pairsQueryText, termsQueryText } from '../../src/storage/postgres/postgres-search-index.ts';
import { italianTerms } from '../../src/domain/search/italian-analyzer.ts';
import { postgresAdminUrl, testDatabaseKinds } from '../support/test-databases.ts';

const sortedTerms = (terms: string[]) => [...sortedOrder(terms)].map((i) => terms[i]);

describe('sortedOrder', () => {
  test('orders terms as sort() does, including ones that share their first characters or go past Latin-1', () => {
    const terms = [
      'ministr',
      'minist',
      'ministe',
      'ā',
      'ą',
      'āb',
      'ąa',
      'ÿ',
      'ÿā',
      'ÿa',
      'zz',
      'a',
      'ab',
      'abcdz',
      'abcda',
      'abcd',
      'москва',
      'мост',
      '𝐀𝐁',
      '2024',
      'g7',
    ];
    expect(sortedTerms([...terms])).toEqual([...terms].sort());
  });

  test('agrees with sort() on many random terms', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const alphabet = [...'aeiouaeiousmnrtl09àéöāąžмос𝐀'];
    for (let round = 0; round < 200; round++) {
      const terms = Array.from({ length: 1 + Math.floor(random() * 300) }, () =>
        Array.from(
          { length: 1 + Math.floor(random() * 8) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join(''),
      );
      const distinct = [...new Set(terms)];
      expect(sortedTerms([...distinct])).toEqual([...distinct].sort());
    }
  });
});

/** The tsvectors of terms of each document, given as its title, standfirst, extra and body HTML. */
const vectorsOf = (documents: [string, string, string, string][]) => analysed(documents).terms;

/** The tsvectors of terms and of pairs of each document. */
const analysed = (documents: [string, string, string, string][]) => {
  const batch = new TermVectorBatch();
  for (const [title, standfirst, extra, body] of documents) {
    batch.add([
      { text: title, isMarkup: false },
      { text: standfirst, isMarkup: false },
      { text: extra, isMarkup: false },
      { text: body, isMarkup: true },
    ]);
  }
  const asBuffer = (vector: Uint8Array) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
  return { terms: batch.vectors().map(asBuffer), pairs: batch.pairVectors().map(asBuffer) };
};

describe.skipIf(!testDatabaseKinds.includes('postgres'))('binary tsvectors, read by PostgreSQL', () => {
  const client = new pg.Client(postgresAdminUrl);
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  const asText = async (vector: Buffer) =>
    (await client.query<{ text: string }>('select $1::tsvector::text as text', [vector])).rows[0]?.text;
  /** The lexemes of a vector of pairs, and those that these pairs of terms have, in the server's order. */
  const lexemesOf = async (vector: Buffer) =>
    ((await asText(vector)) as string).split(' ').filter((lexeme) => lexeme !== '');
  const pairsOf = (...pairs: [string, string][]) =>
    [...new Set(pairs.map(([first, second]) => `'${pairLexeme(first, second)}'`))].sort();

  test('gives each term once with its positions, the fields one position apart, and each pair of neighbours once', async () => {
    const { terms, pairs } = analysed([
      ['Esercitazioni militari', '', 'MOSCA', '<p>Un <em>militare</em> al confine, in città.</p>'],
      ['', '', '', ''],
      ['Accordo', "L'accordo sul gas", '', '<p>Gas, gas e accordi sul gas.</p>'],
    ]);
    // Stop words leave no gap ("al", "in" in the body); fields do, so no pair spans two of them.
    expect(await asText(terms[0] as Buffer)).toBe("'citt':9 'confin':8 'esercitazion':1 'militar':2,7 'mosc':5");
    expect(await lexemesOf(pairs[0] as Buffer)).toEqual(
      pairsOf(['esercitazion', 'militar'], ['militar', 'confin'], ['confin', 'citt']),
    );
    expect(await asText(terms[1] as Buffer)).toBe('');
    expect(await asText(pairs[1] as Buffer)).toBe('');
    expect(await asText(terms[2] as Buffer)).toBe("'accord':1,3,9 'gas':4,7,8,10");
    expect(await lexemesOf(pairs[2] as Buffer)).toEqual(
      pairsOf(['accord', 'gas'], ['gas', 'gas'], ['gas', 'accord'], ['accord', 'gas']),
    );
    expect(pairLexeme('accord', 'gas')).not.toBe(pairLexeme('gas', 'accord'));
  });

  test('answers phrase queries on the positions, never across fields', async () => {
    const matches = async (query: string) => {
      const [vector] = vectorsOf([['Ministro degli Esteri', 'Accordo', '', '<p>Banca centrale</p>']]);
      const { rows } = await client.query<{ hit: boolean }>('select $1::tsvector @@ $2::tsquery as hit', [
        vector,
        query,
      ]);
      return rows[0]?.hit;
    };
    expect(await matches("'ministr' <-> 'ester'")).toBe(true);
    expect(await matches("'ester' <-> 'accord'")).toBe(false);
    expect(await matches("'banc' <-> 'central' & !('ministr' <-> 'accord')")).toBe(true);
  });

  test('spells each term right after the analyser has forgotten its term ids and given them to other terms', async () => {
    expect(await asText(vectorsOf([['Governo', '', '', '<p>accordo</p>']])[0] as Buffer)).toBe("'accord':5 'govern':1");
    // More distinct words than the analyser keeps ids for: the next document starts them afresh.
    const letters = (n: number) =>
      [...n.toString(26).padStart(4, '0')].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
    const many = Array.from({ length: 270_000 }, (_, i) => `w${letters(i)}z`).join(' ');
    const [, afterForgetting] = vectorsOf([
      ['', '', '', `<p>${many}</p>`],
      ['Sanzioni', '', 'ROMA', '<p>militari e governo</p>'],
    ]);
    expect(await asText(afterForgetting as Buffer)).toBe("'govern':7 'militar':6 'rom':4 'sanzion':1");
  });

  test('keeps what PostgreSQL can hold of a very long article: its first positions, every term', async () => {
    const body = Array.from({ length: maxTermPosition + 500 }, (_, i) => (i % 2 ? 'pac' : `parol${i}`));
    const text = (await asText(vectorsOf([['titol', '', '', `<p>${body.join(' ')}</p>`]])[0] as Buffer)) as string;
    expect(text).toContain(`'parol${maxTermPosition + 499}'`);
    expect(text).toContain("'titol':1");
    const pac = /'pac':([\d,]+)/.exec(text)?.[1]?.split(',') ?? [];
    expect(pac).toHaveLength(maxPositionsPerTerm);
    expect(pac[0]).toBe('6');
  });

  test('finds a phrase through its pair lexemes exactly where the positions put its terms in a row', async () => {
    // Few words, so that most pairs and phrases occur somewhere; "di" and "il" are stop words; each article
    // is long enough for some words to lose positions past the 256th.
    let seed = 11;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const words = ['capo', 'di', 'stato', 'maggiore', 'il', 'accordo', 'commerciale', 'gas', 'pace'];
    const pick = () => words[Math.floor(random() * words.length)] as string;
    const text = (n: number) => Array.from({ length: n }, pick).join(' ');
    const documents = Array.from(
      { length: 40 },
      (_, i) => [text(3), text(5), '', `<p>${text(i % 4 === 0 ? 3000 : 8)}</p>`] as [string, string, string, string],
    );
    const vectors = analysed(documents);
    const terms: string[] = [];
    const pairs: string[] = [];
    for (const [i, vector] of vectors.terms.entries()) {
      terms.push((await asText(vector)) as string);
      pairs.push((await asText(vectors.pairs[i] as Buffer)) as string);
    }
    const phrases = Array.from({ length: 60 }, (_, i) => italianTerms(text(2 + (i % 4)))).filter(
      (terms) => terms.length >= 2,
    );
    const asQuery = (phrase: string[], excluded = false) => {
      const query = { required: excluded ? [['pac']] : [phrase], excluded: excluded ? [phrase] : [], notes: [] };
      return [termsQueryText(query), pairsQueryText(query) ?? ''];
    };
    const onPositions = (phrase: string[], excluded = false) => {
      const inRow = phrase.map((term) => `'${term}'`).join(' <-> ');
      return excluded ? `'pac' & !(${inRow})` : inRow;
    };
    let found = 0;
    for (const excluded of [false, true]) {
      const { rows } = await client.query<{ byPairs: boolean; byPositions: boolean }>(
        `select t @@ q1::tsquery and (q2 = '' or p @@ q2::tsquery) as "byPairs", t @@ q3::tsquery as "byPositions"
         from unnest($1::text[]::tsvector[], $2::text[]::tsvector[]) as v(t, p), unnest($3::text[], $4::text[], $5::text[]) as q(q1, q2, q3)`,
        [
          terms,
          pairs,
          phrases.map((phrase) => asQuery(phrase, excluded)[0]),
          phrases.map((phrase) => asQuery(phrase, excluded)[1]),
          phrases.map((phrase) => onPositions(phrase, excluded)),
        ],
      );
      expect(rows.filter((r) => r.byPairs !== r.byPositions)).toEqual([]);
      found += rows.filter((r) => r.byPairs).length;
    }
    // Both answers occur often: the comparison says something.
    expect(found).toBeGreaterThan(400);
    expect(found).toBeLessThan(2 * terms.length * phrases.length - 400);
  });
});
