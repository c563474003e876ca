// Turns an article's Markdown into the sanitised HTML stored beside it at save time,
// plus its plain text and word count; refuses bodies past the configured bounds.
import markdownIt from 'markdown-it';
import type { MarkdownIt, Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { kindsByCode } from '../domain/character-kinds.ts';
import { ValidationError } from '../domain/errors.ts';
import { useArticleBodyBounds } from './article-body-bounds.ts';
import type { ArticleBodyBounds } from './article-body-bounds.ts';
import { useNewsroomExtensions } from './article-body-extensions.ts';
import type { ArticleBodyEnv, EmbedTarget, FigureCaption } from './article-body-extensions.ts';

export type ArticleBodyLimits = {
  maxMarkdownBytes: number;
  maxNesting: number;
  maxInlineNesting: number;
  maxHtmlBytes: number;
};

// A 200 KB body of prose renders to about 250 KB. The HTML bound is what keeps the worst case (a table
// of one-letter cells, five times its source) to a few hundred milliseconds; see docs/markdown.md.
export const defaultArticleBodyLimits: ArticleBodyLimits = Object.freeze({
  maxMarkdownBytes: 200_000,
  maxNesting: 20,
  // A link in bold in italics is three levels; past this it is only an attack on the reader's browser.
  maxInlineNesting: 32,
  maxHtmlBytes: 500_000,
});

// Every table cell renders to at least `<td></td>`, so a body with more cells than the HTML limit
// divided by this could never be saved; counting cells while parsing refuses it before the work.
const minCellHtmlBytes = '<td></td>'.length;

export type RenderedArticleBody = { html: string; text: string; wordCount: number };

const field = 'body_markdown';

// Exactly what the renderer emits; anything else is a bug upstream and is dropped.
const alignmentClasses = ['align-left', 'align-center', 'align-right'];
const sanitizeOptions: sanitizeHtml.IOptions = Object.freeze({
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'ul',
    'ol',
    'li',
    'pre',
    'code',
    'hr',
    'br',
    'em',
    'strong',
    's',
    'a',
    'img',
    'span',
    'figure',
    'figcaption',
    'aside',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'loading', 'decoding'],
    ol: ['start'],
  },
  allowedClasses: {
    figure: ['figure', 'embed'],
    span: ['dateline', 'credit'],
    aside: ['pullquote'],
    th: alignmentClasses,
    td: alignmentClasses,
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  parseStyleAttributes: false,
});

const markdownByBounds = new Map<string, MarkdownIt>();
markdownFor(boundsOf(defaultArticleBodyLimits));

function boundsOf(limits: ArticleBodyLimits): ArticleBodyBounds {
  const { maxNesting, maxInlineNesting, maxHtmlBytes } = limits;
  return { maxNesting, maxInlineNesting, maxTableCells: Math.floor(maxHtmlBytes / minCellHtmlBytes) };
}

function markdownFor(bounds: ArticleBodyBounds): MarkdownIt {
  const key = `${bounds.maxNesting}/${bounds.maxInlineNesting}/${bounds.maxTableCells}`;
  let md = markdownByBounds.get(key);
  if (md) return md;
  md = markdownIt('commonmark', {
    html: false,
    xhtmlOut: false,
    linkify: false,
    typographer: false,
    // markdown-it drops text nested past this; our guard rejects first. A list opens two levels at once,
    // so the guard may first see maxNesting + 2.
    maxNesting: bounds.maxNesting + 3,
  })
    .enable(['table', 'strikethrough'])
    .disable(['html_block', 'html_inline']);
  // Accept every destination while parsing so an unsafe link keeps its text; the policy rule then disarms it.
  md.validateLink = () => true;
  useArticleBodyBounds(md, bounds);
  useNewsroomExtensions(md);
  markdownByBounds.set(key, md);
  return md;
}

export function renderArticleBody(
  markdown: string,
  options: { dateline?: string | null; limits?: Partial<ArticleBodyLimits> } = {},
): RenderedArticleBody {
  const limits = resolveLimits(options.limits);
  const markdownBytes = Buffer.byteLength(markdown, 'utf8');
  if (markdownBytes > limits.maxMarkdownBytes) {
    throw new ValidationError(
      `Article body is ${markdownBytes} bytes of Markdown; the limit is ${limits.maxMarkdownBytes} bytes.`,
      { field, limit: limits.maxMarkdownBytes, actual: markdownBytes },
    );
  }

  const md = markdownFor(boundsOf(limits));
  const env: ArticleBodyEnv = { dateline: options.dateline?.trim() || null };
  const tokens = md.parse(markdown, env);
  const { text, minHtmlLength } = summarizeTokens(tokens);
  // Reference links can repeat one long URL thousands of times; refuse before building the string.
  if (minHtmlLength > limits.maxHtmlBytes) throw htmlTooLarge(`at least ${minHtmlLength}`, limits.maxHtmlBytes);

  const html = sanitizeHtml(md.renderer.render(tokens, md.options, env), sanitizeOptions);
  const htmlBytes = Buffer.byteLength(html, 'utf8');
  if (htmlBytes > limits.maxHtmlBytes) throw htmlTooLarge(String(htmlBytes), limits.maxHtmlBytes);
  return { html, text, wordCount: countWords(text) };
}

// A spread would let an explicit `undefined` (an unset config value) replace a default.
function resolveLimits(overrides: Partial<ArticleBodyLimits> = {}): ArticleBodyLimits {
  return {
    maxMarkdownBytes: overrides.maxMarkdownBytes ?? defaultArticleBodyLimits.maxMarkdownBytes,
    maxNesting: overrides.maxNesting ?? defaultArticleBodyLimits.maxNesting,
    maxInlineNesting: overrides.maxInlineNesting ?? defaultArticleBodyLimits.maxInlineNesting,
    maxHtmlBytes: overrides.maxHtmlBytes ?? defaultArticleBodyLimits.maxHtmlBytes,
  };
}

function htmlTooLarge(actual: string, limit: number): ValidationError {
  return new ValidationError(`Article body renders to ${actual} bytes of HTML; the limit is ${limit} bytes.`, {
    field,
    limit,
  });
}

/**
 * Reader-visible text in reading order (image alt text is not visible, so left out), and a lower
 * bound of the rendered HTML's length: every tag, visible character and URL appears in it at least once.
 */
function summarizeTokens(tokens: Token[]): { text: string; minHtmlLength: number } {
  let text = '';
  let minHtmlLength = 0;
  for (const token of tokens) {
    minHtmlLength += tagLength(token);
    switch (token.type) {
      case 'inline':
        for (const child of token.children ?? []) {
          minHtmlLength += tagLength(child);
          switch (child.type) {
            case 'text':
            case 'code_inline':
              text += child.content;
              minHtmlLength += child.content.length;
              break;
            case 'softbreak':
            case 'hardbreak':
              text += ' ';
              break;
            // A reference definition's URL and title are repeated at every use of it.
            case 'link_open':
              if (!child.hidden) minHtmlLength += attributeLength(child, 'href') + attributeLength(child, 'title');
              break;
            case 'image':
              minHtmlLength += attributeLength(child, 'src') + attributeLength(child, 'title');
              break;
            case 'dateline':
              text += child.meta?.separated ? `${child.content} – ` : child.content;
              minHtmlLength += child.content.length;
              break;
          }
        }
        break;
      case 'fence':
      case 'code_block':
        text += token.content;
        minHtmlLength += token.content.length;
        break;
      case 'figure_close': {
        const { caption, credit } = token.meta as FigureCaption;
        text += ` ${caption} ${credit}`;
        minHtmlLength += caption.length + credit.length;
        break;
      }
      case 'embed': {
        const { href, label } = token.meta as EmbedTarget;
        text += label;
        minHtmlLength += href.length + label.length;
        break;
      }
    }
    if (token.block) text += ' ';
  }
  // Matching only what is not already a single space is several times faster than /\s+/g on prose.
  return { text: text.replace(/\s{2,}|[^\S ]/g, ' ').trim(), minHtmlLength };
}

function attributeLength(token: Token, name: string): number {
  const value = token.attrGet(name);
  return value === null ? 0 : String(value).length;
}

// `<p>` and `<img>` are tag + 2 characters; a closing `</p>` is tag + 3, plus the newline after a block.
// A soft break carries the tag `br` but renders as a bare newline.
function tagLength(token: Token): number {
  if (token.hidden || !token.tag || token.type === 'softbreak') return 0;
  if (token.nesting !== -1) return token.tag.length + 2;
  return token.tag.length + (token.block ? 4 : 3);
}

/**
 * A word is a whitespace-separated run holding a letter or digit: "l'agenzia" is one, "–" none (one word
 * per match of the pattern `[\p{L}\p{N}]\S*`, with the `u` flag). Read character by character: matching that
 * pattern, and the array of matches it built, took a twelfth of an import's time.
 */
export function countWords(text: string): number {
  let words = 0;
  let counted = false; // the current run has been counted
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code < 128) {
      if (asciiKinds[code] === space) counted = false;
      else if (!counted && asciiKinds[code] === wordCharacter) {
        words += 1;
        counted = true;
      }
      continue;
    }
    const next = text.charCodeAt(k + 1); // NaN past the end
    const isPair = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    const kind = isPair ? kindOfCharacter(text.slice(k, k + 2)) : kindOfCode(code);
    if (isPair) k += 1;
    if (kind === space) counted = false;
    else if (!counted && kind === wordCharacter) {
      words += 1;
      counted = true;
    }
  }
  return words;
}

const [space, wordCharacter, otherCharacter] = [1, 2, 3] as const;
const asciiKinds = Uint8Array.from({ length: 128 }, (_, code) => kindOfCharacter(String.fromCharCode(code)));
const kindOfCode = kindsByCode(kindOfCharacter);

function kindOfCharacter(character: string): number {
  if (/^\s$/u.test(character)) return space;
  return /^[\p{L}\p{N}]$/u.test(character) ? wordCharacter : otherCharacter;
}
