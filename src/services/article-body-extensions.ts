// markdown-it plugin for article bodies: newsroom blocks (figures, pull quotes, embeds, dateline),
// and the link and image policy. Syntax is documented in docs/markdown.md.
import type { MarkdownIt, StateBlock, StateCore, Token } from 'markdown-it';

export type ArticleBodyEnv = { dateline: string | null };
export type FigureCaption = { caption: string; credit: string };
export type EmbedTarget = { href: string; label: string };

const externalRel = 'noopener noreferrer';
const mediaPathPrefix = '/media/';
const schemePattern = /^([a-z][a-z0-9+.-]*):/i;
// Browsers drop these characters inside URLs, so `java\tscript:` must be judged as `javascript:`.
const ignoredUrlCharacters = /[\x00-\x20]/g;
const alignmentStyle = /^text-align:(left|center|right)$/;

type HrefKind = 'external' | 'local' | 'mailto' | 'unsafe';

function classifyHref(href: string): HrefKind {
  const url = href.replace(ignoredUrlCharacters, '');
  const scheme = schemePattern.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return 'external';
  if (scheme === 'mailto') return 'mailto';
  if (scheme !== undefined) return 'unsafe';
  // `//host` and `/\host` leave the site without saying which scheme; ask authors to write it.
  return /^[/\\]{2}/.test(url) ? 'unsafe' : 'local';
}

function isAllowedImageSource(src: string): boolean {
  return classifyHref(src) === 'external' || src.startsWith(mediaPathPrefix);
}

export function useNewsroomExtensions(md: MarkdownIt): void {
  const interruptible = { alt: ['paragraph', 'reference', 'blockquote', 'list'] };
  md.block.ruler.before('fence', 'pullquote', parsePullquote, interruptible);
  md.block.ruler.before('fence', 'embed', parseEmbed, interruptible);
  md.core.ruler.push('newsroom_policy', applyNewsroomPolicy);
  md.core.ruler.push('dateline', insertDateline);

  const { escapeHtml } = md.utils;
  const rules = md.renderer.rules;
  // Nothing highlights code, so a fence's language class would only widen the allowlist.
  rules.fence = (tokens, idx) => `<pre><code>${escapeHtml(tokens[idx]!.content)}</code></pre>\n`;
  rules.figure_close = (tokens, idx) => {
    const { caption, credit } = tokens[idx]!.meta as FigureCaption;
    if (!caption && !credit) return '</figure>\n';
    const creditHtml = credit ? `<span class="credit">${escapeHtml(credit)}</span>` : '';
    return `<figcaption>${escapeHtml(caption)}${caption && credit ? ' ' : ''}${creditHtml}</figcaption></figure>\n`;
  };
  rules.embed = (tokens, idx) => {
    const { href, label } = tokens[idx]!.meta as EmbedTarget;
    return `<figure class="embed"><a href="${escapeHtml(href)}" rel="${externalRel}">${escapeHtml(label)}</a></figure>\n`;
  };
  rules.dateline = (tokens, idx) => {
    const token = tokens[idx]!;
    return `<span class="dateline">${escapeHtml(token.content)}</span>${token.meta?.separated ? ' – ' : ''}`;
  };
}

/** Text after a `:::` marker on this line, or null when the line is not a directive. */
function readDirective(state: StateBlock, line: number): string | null {
  if (state.sCount[line]! - state.blkIndent >= 4) return null;
  const start = state.bMarks[line]! + state.tShift[line]!;
  const src = state.src;
  if (src.charCodeAt(start) !== 0x3a || src.charCodeAt(start + 1) !== 0x3a || src.charCodeAt(start + 2) !== 0x3a) {
    return null;
  }
  return src.slice(start + 3, state.eMarks[line]).trim();
}

function parsePullquote(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (readDirective(state, startLine) !== 'pullquote') return false;
  if (silent) return true;

  // Like a code fence: an unclosed pull quote runs to the end of its parent block.
  let closeLine = startLine + 1;
  let isClosed = false;
  for (; closeLine < endLine; closeLine++) {
    const isBlank = state.bMarks[closeLine]! + state.tShift[closeLine]! >= state.eMarks[closeLine]!;
    if (!isBlank && state.sCount[closeLine]! < state.blkIndent) break;
    if (readDirective(state, closeLine) === '') {
      isClosed = true;
      break;
    }
  }

  const oldParentType = state.parentType;
  const oldLineMax = state.lineMax;
  state.parentType = 'pullquote';
  state.lineMax = closeLine;
  const open = state.push('pullquote_open', 'aside', 1);
  open.attrSet('class', 'pullquote');
  open.map = [startLine, closeLine];
  state.md.block.tokenize(state, startLine + 1, closeLine);
  state.push('pullquote_close', 'aside', -1);
  state.parentType = oldParentType;
  state.lineMax = oldLineMax;
  state.line = closeLine + (isClosed ? 1 : 0);
  return true;
}

function parseEmbed(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  const directive = readDirective(state, startLine);
  if (!directive?.startsWith('embed ')) return false;
  // Anything but one absolute http(s) URL stays ordinary text, visible to the author and inert.
  const target = readEmbedTarget(directive.slice('embed '.length).trim());
  if (!target) return false;
  if (silent) return true;
  const token = state.push('embed', 'figure', 0);
  token.meta = target;
  token.map = [startLine, startLine + 1];
  state.line = startLine + 1;
  return true;
}

function readEmbedTarget(address: string): EmbedTarget | null {
  if (/\s/.test(address)) return null;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return { href: url.href, label: url.host + (url.pathname === '/' ? '' : decodePath(url.pathname)) };
}

function decodePath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function applyNewsroomPolicy(state: StateCore): void {
  const tokens = state.tokens;
  let headingLevel = 1; // the page's h1
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    switch (token.type) {
      case 'heading_open':
        // One level down, since the page owns the h1, and never skipping a level after the previous
        // heading: the Nu checker reports a skipped level as an error.
        headingLevel = Math.min(Number(token.tag.slice(1)) + 1, headingLevel + 1, 6);
        token.tag = tokens[i + 2]!.tag = `h${headingLevel}`;
        break;
      case 'th_open':
      case 'td_open':
        alignWithClass(token);
        break;
      case 'inline':
        applyInlinePolicy(state, token.children ?? []);
        break;
      case 'paragraph_close':
        turnLoneImageIntoFigure(tokens[i - 2]!, tokens[i - 1]!, token);
        break;
    }
  }
}

// Inline styles are not allowed in the body, so table alignment travels as a class.
function alignWithClass(cell: Token): void {
  const style = cell.attrGet('style');
  if (style === null) return;
  cell.attrs = cell.attrs!.filter(([name]) => name !== 'style');
  const alignment = alignmentStyle.exec(String(style))?.[1];
  if (alignment) cell.attrSet('class', `align-${alignment}`);
}

function applyInlinePolicy(state: StateCore, children: Token[]): void {
  // Links never nest, so the next close belongs to the unsafe link; hiding both keeps the text between.
  let isInUnsafeLink = false;
  for (let i = 0; i < children.length; i++) {
    const token = children[i]!;
    if (token.type === 'link_open') {
      const kind = classifyHref(String(token.attrGet('href') ?? ''));
      if (kind === 'external') token.attrSet('rel', externalRel);
      token.hidden = isInUnsafeLink = kind === 'unsafe';
    } else if (token.type === 'link_close') {
      token.hidden = isInUnsafeLink;
      isInUnsafeLink = false;
    } else if (token.type === 'image') {
      if (isAllowedImageSource(String(token.attrGet('src')))) {
        token.attrSet('loading', 'lazy');
        token.attrSet('decoding', 'async');
      } else {
        const altText = new state.Token('text', '', 0);
        altText.content = state.md.renderer.renderInlineAsText(token.children ?? [], state.md.options, state.env);
        children[i] = altText;
      }
    }
  }
}

function turnLoneImageIntoFigure(open: Token, inline: Token, close: Token): void {
  const image = inline.children?.length === 1 ? inline.children[0]! : undefined;
  if (image?.type !== 'image') return;
  open.type = 'figure_open';
  open.tag = close.tag = 'figure';
  close.type = 'figure_close';
  // Inside tight list items paragraphs are hidden; a figure must still show.
  open.hidden = close.hidden = false;
  open.attrSet('class', 'figure');
  close.meta = splitCaption(String(image.attrGet('title') ?? ''));
  image.attrs = image.attrs!.filter(([name]) => name !== 'title');
}

/** `"Caption | Foto: Credit"`: the credit follows the last `|`. */
function splitCaption(title: string): FigureCaption {
  const bar = title.lastIndexOf('|');
  if (bar < 0) return { caption: title.trim(), credit: '' };
  return { caption: title.slice(0, bar).trim(), credit: title.slice(bar + 1).trim() };
}

function insertDateline(state: StateCore): void {
  const { dateline } = state.env as ArticleBodyEnv;
  if (!dateline) return;
  const tokens = state.tokens;
  const marker = new state.Token('dateline', 'span', 0);
  marker.content = dateline;

  const firstInline = tokens[0]?.type === 'paragraph_open' ? tokens[1] : undefined;
  if (firstInline?.children) {
    dropRepeatedDateline(firstInline.children, dateline);
    marker.meta = { separated: firstInline.children.length > 0 };
    firstInline.children.unshift(marker);
    return;
  }
  const open = new state.Token('paragraph_open', 'p', 1);
  const inline = new state.Token('inline', '', 0);
  const close = new state.Token('paragraph_close', 'p', -1);
  open.block = close.block = inline.block = true;
  inline.level = 1;
  inline.children = [marker];
  tokens.unshift(open, inline, close);
}

// Wire copy and imports often type the dateline into the text ("MOSCA - …"); show it once.
function dropRepeatedDateline(children: Token[], dateline: string): void {
  const first = children[0];
  if (first?.type !== 'text') return;
  if (first.content.slice(0, dateline.length).toLowerCase() !== dateline.toLowerCase()) return;
  const separator = /^\s*[-–—]\s*/.exec(first.content.slice(dateline.length));
  if (!separator) return;
  first.content = first.content.slice(dateline.length + separator[0].length);
  if (!first.content) children.shift();
}
