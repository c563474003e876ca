// Text for every XML document the site writes (feeds, sitemaps): characters XML 1.0 forbids are dropped, since
// one of them makes the whole file unreadable, markup characters escaped, and a `]]>` inside a CDATA section
// split across two sections so that it cannot close the first one early.

// C0 controls other than tab, newline and carriage return; U+FFFE/U+FFFF; unpaired surrogates.
const forbiddenCharacters =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an element's content or a double- or single-quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(forbiddenCharacters, '').replace(/[&<>"']/g, (character) => entities[character] ?? character);
}

export function cdata(text: string): string {
  return `<![CDATA[${text.replace(forbiddenCharacters, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** `<name a="1">text</name>`, the text escaped; attributes whose value is undefined are left out. */
export function xmlElement(
  name: string,
  text: string,
  attributes: Record<string, string | number | undefined> = {},
): string {
  return `<${name}${xmlAttributes(attributes)}>${escapeXml(text)}</${name}>`;
}

export function xmlEmptyElement(name: string, attributes: Record<string, string | number | undefined>): string {
  return `<${name}${xmlAttributes(attributes)}/>`;
}

function xmlAttributes(attributes: Record<string, string | number | undefined>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}
