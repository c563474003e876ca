// The binary tsvector the analyser builds for PostgreSQL, read back by a real server; and the sort it uses.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { maxPositionsPerTerm, maxTermPosition, sortedOrder, TermVectorBatch } from '../../src/storage/postgres/postgres-term-vector.ts';
import { postgresAdminUrl, testDatabaseKinds } from '../support/test-databases.ts';

const sortedTerms = (terms: string[]) => [...sortedOrder(terms)].map((i) => terms[i]);

describe('sortedOrder', () => {
  test('orders terms as sort() does, including ones that share their first characters or go past Latin-1', () => {
    const terms = ['ministr', 'minist', 'ministe', 'ā', 'ą', 'āb', 'ąa', 'ÿ', 'ÿā', 'ÿa', 'zz', 'a', 'ab', 'abcdz', 'abcda', 'abcd', 'москва', 'мост', '𝐀𝐁', '2024', 'g7'];
    expect(sortedTerms([...terms])).toEqual([...terms].sort());
  });

  test('agrees with sort() on many random terms', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const alphabet = [...'aeiouaeiousmnrtl09àéöāąžмос𝐀'];
    for (let round = 0; round < 200; round++) {
      const terms = Array.from({ length: 1 + Math.floor(random() * 300) }, () =>
        Array.from({ length: 1 + Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
      );
      const distinct = [...new Set(terms)];
      expect(sortedTerms([...distinct])).toEqual([...distinct].sort());
    }
  });
});

/** Each document as its title, standfirst, extra and body HTML. */
const vectorsOf = (documents: [string, string, string, string][]) => {
  const batch = new TermVectorBatch();
  for (const [title, standfirst, extra, body] of documents) {
    batch.add([
      { text: title, isMarkup: false },
      { text: standfirst, isMarkup: false },
      { text: extra, isMarkup: false },
      { text: body, isMarkup: true },
    ]);
  }
  return batch.vectors().map((vector) => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
};

describe.skipIf(!testDatabaseKinds.includes('postgres'))('binary tsvectors, read by PostgreSQL', () => {
  const client = new pg.Client(postgresAdminUrl);
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  const asText = async (vector: Buffer) => (await client.query<{ text: string }>('select $1::tsvector::text as text', [vector])).rows[0]?.text;

  test('gives each term once with its positions, the fields one position apart', async () => {
    const [first, empty, third] = vectorsOf([
      ['Esercitazioni militari', '', 'MOSCA', '<p>Un <em>militare</em> al confine, in città.</p>'],
      ['', '', '', ''],
      ['Accordo', "L'accordo sul gas", '', ''],
    ]) as [Buffer, Buffer, Buffer];
    // Stop words leave no gap ("al", "in" in the body); fields do.
    expect(await asText(first)).toBe("'citt':9 'confin':8 'esercitazion':1 'militar':2,7 'mosc':5");
    expect(await asText(empty)).toBe('');
    expect(await asText(third)).toBe("'accord':1,3 'gas':4");
  });

  test('answers phrase queries on the positions, never across fields', async () => {
    const matches = async (query: string) => {
      const [vector] = vectorsOf([['Ministro degli Esteri', 'Accordo', '', '<p>Banca centrale</p>']]);
      const { rows } = await client.query<{ hit: boolean }>('select $1::tsvector @@ $2::tsquery as hit', [vector, query]);
      return rows[0]?.hit;
    };
    expect(await matches("'ministr' <-> 'ester'")).toBe(true);
    expect(await matches("'ester' <-> 'accord'")).toBe(false);
    expect(await matches("'banc' <-> 'central' & !('ministr' <-> 'accord')")).toBe(true);
  });

  test('spells each term right after the analyser has forgotten its term ids and given them to other terms', async () => {
    expect(await asText(vectorsOf([['Governo', '', '', '<p>accordo</p>']])[0] as Buffer)).toBe("'accord':5 'govern':1");
    // More distinct words than the analyser keeps ids for: the next document starts them afresh.
    const letters = (n: number) => [...n.toString(26).padStart(4, '0')].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
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
});
