// Text that people write (titles, names, standfirsts, bodies, captions…) holds no control characters but tab
// and line breaks. A NUL or an escape character shows in no page: it went into the HTML as it was (where
// browsers drop or replace it), into feeds (where XML 1.0 forbids it and readers refuse the whole feed) and
// into the search index. The one rule for every way in: an import line today, the Admin API tomorrow.

/** C0 controls but tab, line feed and carriage return (a CRLF line ending); DEL; C1 controls. */
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Why `text` is refused (the first control character and where it is), or undefined if it holds none. */
export function controlCharacterProblem(text: string): string | undefined {
  const match = controlCharacter.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `must not contain control characters: U+${code} at character ${match.index + 1}`;
}
