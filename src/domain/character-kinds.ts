// Text scanners (the search analyser, the word count) sort characters into a few kinds by Unicode
// properties, which are slow to test with a regular expression character by character. A table by code
// remembers each character's kind once worked out.

/**
 * `classify` (which returns a kind from 1 to 255 for a character of the first plane) with its answers kept
 * in a table of 65,536 bytes.
 */
export function kindsByCode(classify: (character: string) => number): (code: number) => number {
  const kinds = new Uint8Array(0x10000);
  return (code) => {
    let kind = kinds[code] as number;
    if (kind === 0) {
      kind = classify(String.fromCharCode(code));
      kinds[code] = kind;
    }
    return kind;
  };
}
