// The passage of an article's text that best shows why it matched: the window of about `maxCharacters`
// holding the most distinct searched terms, cut at word boundaries, with the matching words marked.
import { analyzeItalian } from './italian-analyzer.ts';

export type SnippetPart = { text: string; isMatch: boolean };

export function buildSnippet(text: string, terms: ReadonlySet<string>, maxCharacters = 220): SnippetPart[] {
  const analysed = analyzeItalian(text);
  const matches = analysed.filter((t) => terms.has(t.term));
  let start = 0;
  if (matches.length > 0) {
    let best = { start: matches[0]?.start ?? 0, distinct: 0, count: 0 };
    for (const [i, first] of matches.entries()) {
      const seen = new Set<string>();
      let count = 0;
      for (let j = i; j < matches.length && (matches[j]?.end ?? 0) - first.start <= maxCharacters; j++) {
        seen.add(matches[j]?.term as string);
        count += 1;
      }
      if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count))
        best = { start: first.start, distinct: seen.size, count };
    }
    // Some words of context before the first match.
    start = Math.max(0, best.start - 40);
  }
  const wordStart = analysedStartAtOrAfter(text, start);
  const end = cutAtWordEnd(text, wordStart + maxCharacters);
  const parts: SnippetPart[] = [];
  if (wordStart > 0) parts.push({ text: '… ', isMatch: false });
  let position = wordStart;
  for (const match of matches) {
    if (match.start < wordStart || match.end > end) continue;
    if (match.start > position) parts.push({ text: text.slice(position, match.start), isMatch: false });
    parts.push({ text: text.slice(match.start, match.end), isMatch: true });
    position = match.end;
  }
  if (end > position) parts.push({ text: text.slice(position, end), isMatch: false });
  if (end < text.length) parts.push({ text: ' …', isMatch: false });
  return parts.map((p) => ({ ...p, text: p.text.replace(/\s+/g, ' ') }));
}

/** The start of the first word at or after `index` (so a snippet never opens mid-word). */
function analysedStartAtOrAfter(text: string, index: number): number {
  if (index <= 0) return 0;
  const space = text.slice(index).search(/\s/);
  return space < 0 ? index : index + space + 1;
}

function cutAtWordEnd(text: string, index: number): number {
  if (index >= text.length) return text.length;
  const space = text.lastIndexOf(' ', index);
  return space > index - 40 && space > 0 ? space : index;
}
