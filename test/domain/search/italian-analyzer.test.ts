import { describe, expect, it } from 'vitest';
import {
  analyzeItalian,
  foldWord,
  forEachTermId,
  forgetTermIdsIfMany,
  italianTerms,
  italianTermsOfHtml,
  stemItalian,
  termIdCount,
  termOfId,
} from '../../../src/domain/search/italian-analyzer.ts';

const sameTerms = (a: string, b: string) => expect(italianTerms(a)).toEqual(italianTerms(b));

describe('the Italian analyser', () => {
  it('conflates singular and plural, masculine and feminine', () => {
    sameTerms('militare', 'militari');
    sameTerms('esercitazione', 'esercitazioni');
    sameTerms('ministro', 'ministra');
    sameTerms('banca', 'banche');
    sameTerms('amico', 'amiche');
    sameTerms('esercizio', 'esercizi');
    sameTerms('farmacia', 'farmacie');
    sameTerms('provincia', 'province');
    sameTerms('lago', 'laghi');
  });

  it('reads a word shortened by a syllable as its full form, not as another word', () => {
    sameTerms('gran parte', 'grande parte');
    sameTerms('Gran Bretagna', 'Grande Bretagna');
    sameTerms('San Marco', 'Santo Marco');
    expect(italianTerms('grano')).not.toEqual(italianTerms('gran'));
    expect(italianTerms('grana')).not.toEqual(italianTerms('gran'));
    expect(italianTerms('sano')).not.toEqual(italianTerms('san'));
    // Shortened by one vowel, a word meets its full form as any other does.
    sameTerms('buon lavoro', 'buono lavoro');
    sameTerms('signor sindaco', 'signore sindaco');
  });

  it('keeps derived words apart', () => {
    expect(stemItalian('militare')).not.toBe(stemItalian('militarismo'));
    expect(stemItalian('governo')).not.toBe(stemItalian('governatore'));
  });

  it('folds accents, and reads an apostrophe after a vowel as the accent it replaces', () => {
    sameTerms('perché', 'perche');
    sameTerms('perché', "perche'");
    sameTerms('città', "citta'");
    sameTerms('CITTÀ', 'città');
    sameTerms('Università', 'universita');
    expect(foldWord('Straße')).toBe('strasse');
  });

  it('splits elisions and drops the elided article or preposition', () => {
    expect(italianTerms("l'esercito")).toEqual(italianTerms('esercito'));
    expect(italianTerms("dell'esercito")).toEqual(italianTerms('esercito'));
    expect(italianTerms('l’ambasciata')).toEqual(italianTerms('ambasciata'));
  });

  it('drops stop words but keeps words a reader may mean', () => {
    expect(italianTerms('il ministro degli Esteri e la delegazione')).toEqual(['ministr', 'ester', 'delegazion']);
    expect(italianTerms('perché non è stato')).toEqual(['perc', 'non', 'stat']);
  });

  it('keeps numbers and mixed words, and leaves other scripts unstemmed', () => {
    expect(italianTerms('Il G7 del 2024 a Москва')).toEqual(['g7', '2024', 'москва']);
  });

  it('gives each term its place in the text, for highlighting', () => {
    const text = "Ieri l'Esercito è partito";
    expect(analyzeItalian(text).map((t) => text.slice(t.start, t.end))).toEqual(['Ieri', 'Esercito', 'partito']);
  });

  it('reads a combining accent as part of its letter, and letters beyond the first plane whole', () => {
    sameTerms('citta\u0300', 'città');
    expect(italianTerms('\u0301pace')).toEqual(['pac']);
    expect(italianTerms('𝐀𝐁𝐂𝐃 pace')).toEqual(['𝐀𝐁𝐂𝐃', 'pac']);
  });

  it('gives the same terms however many different words it has met before', () => {
    const text = "Perché l'esercito e i militari della città";
    const before = italianTerms(text);
    const words = Array.from({ length: 200_000 }, (_, n) => `parola${n.toString(36)}a`);
    const stems = words.map((w) => stemItalian(w));
    expect(italianTerms(words.join(' '))).toEqual(stems);
    expect(italianTerms(text)).toEqual(before);
    expect(italianTerms(words.slice(0, 1000).join(' '))).toEqual(stems.slice(0, 1000));
  });

  it('tells apart words whose characters hash alike', () => {
    // "avsmga" and "vfpdab" share their 32-bit FNV-1a hash and their length.
    expect(italianTerms('avsmga vfpdab avsmga vfpdab')).toEqual(['avsmg', 'vfpdab', 'avsmg', 'vfpdab']);
  });

  it('skips words too long to be words', () => {
    expect(italianTerms(`${'a'.repeat(10_000)} pace`)).toEqual(['pac']);
  });
});

describe('the terms of article HTML', () => {
  it('reads words between tags and character references, never the markup itself', () => {
    const html =
      '<p>L&#39;esercito <a href="https://esempio.it/governo">entra</a> in città&nbsp;oggi &amp; domani</p><h2 class="x">Militari</h2>';
    expect(italianTermsOfHtml(html)).toEqual(italianTerms("L'esercito entra in città oggi & domani Militari"));
  });
});

describe('term ids', () => {
  const idsOf = (text: string, isMarkup = false) => {
    const ids: number[] = [];
    forEachTermId(text, isMarkup, (id) => ids.push(id));
    return ids;
  };

  it('stand for the terms the analyser gives, one id for each term however it was written', () => {
    const html = "<p>L'esercito e i Militari in città; un militare, la CITTA' e le città</p>";
    const ids = idsOf(html, true);
    expect(ids.map(termOfId)).toEqual(italianTermsOfHtml(html));
    expect(new Set(ids).size).toBe(new Set(italianTermsOfHtml(html)).size);
    expect(Math.max(...ids)).toBeLessThan(termIdCount());
  });

  it('are forgotten only when there are very many, and then stand for the terms again', () => {
    const before = idsOf('governo militare');
    expect(forgetTermIdsIfMany()).toBe(false);
    expect(idsOf('governo militare')).toEqual(before);
    // Over a quarter of a million distinct words (more than the word memo holds, so it is emptied on the way).
    const letters = (n: number) =>
      [...n.toString(26).padStart(5, '0')].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
    for (let start = 0; start < 300_000; start += 50_000) {
      idsOf(Array.from({ length: 50_000 }, (_, i) => `q${letters(start + i)}`).join(' '));
    }
    expect(idsOf('governo militare').map(termOfId)).toEqual(['govern', 'militar']);
    expect(forgetTermIdsIfMany()).toBe(true);
    expect(termIdCount()).toBe(0);
    const after = idsOf('militare governo militari');
    expect(after).toEqual([0, 1, 0]);
    expect(after.map(termOfId)).toEqual(['militar', 'govern', 'militar']);
  });
});
