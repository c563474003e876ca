// markdown-it rules that keep hostile article bodies cheap: they refuse, naming the line, blocks nested too
// deep, tables whose cells would outgrow the HTML limit, and inline elements nested too deep.
import type { MarkdownIt, StateBlock, StateCore } from 'markdown-it';
import { ValidationError } from '../domain/errors.ts';

export type ArticleBodyBounds = { maxNesting: number; maxInlineNesting: number; maxTableCells: number };

const field = 'body_markdown';

export function useArticleBodyBounds(md: MarkdownIt, bounds: ArticleBodyBounds): void {
  md.block.ruler.before('table', 'nesting_guard', guardNesting(bounds.maxNesting));
  countTableCells(md, bounds.maxTableCells);
  // Emphasis and strikethrough pair up after the inline parse, so their depth is known only here.
  md.core.ruler.after('inline', 'inline_nesting_guard', guardInlineNesting(bounds.maxInlineNesting));
}

function guardNesting(maxNesting: number) {
  // markdown-it silently drops whatever lies past its own maxNesting; losing copy is worse than refusing it.
  return (state: StateBlock, startLine: number): boolean => {
    if (state.level > maxNesting) {
      throw new ValidationError(
        `Article body nests blocks more than ${maxNesting} levels deep (line ${startLine + 1}); ` +
          'each quote or pull quote counts one level, each list two.',
        { field, line: startLine + 1, limit: maxNesting },
      );
    }
    return false;
  };
}

// The running count of one render's cells; the env object lives exactly as long as that render.
const tableCellsByEnv = new WeakMap<object, number>();

/**
 * markdown-it fills every row to its header's width, so a wide header over many two-byte rows makes
 * tokens by the million (issue 20, F4). Counting each table's cells as soon as the table rule has
 * parsed it, before any inline parsing or rendering, bounds the work by the limit plus one table,
 * which markdown-it itself caps at 65,536 filled-in cells.
 */
function countTableCells(md: MarkdownIt, maxTableCells: number): void {
  // The Ruler has no public getter for a rule's function; `__rules__` is typed, and the renderer builds its
  // parser at load, so a markdown-it that renamed the rule would fail at once.
  const tableRule = md.block.ruler.__rules__[md.block.ruler.__find__('table')]!;
  const parseTable = tableRule.fn;
  md.block.ruler.at(
    'table',
    (state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean => {
      const firstToken = state.tokens.length;
      const isTable = parseTable(state, startLine, endLine, silent);
      if (!isTable || silent) return isTable;
      let cells = tableCellsByEnv.get(state.env) ?? 0;
      for (let i = firstToken; i < state.tokens.length; i++) {
        const type = state.tokens[i]!.type;
        if (type === 'td_open' || type === 'th_open') cells += 1;
      }
      tableCellsByEnv.set(state.env, cells);
      if (cells > maxTableCells) {
        throw new ValidationError(
          `Article body has more than ${maxTableCells} table cells by the table at line ${startLine + 1}; ` +
            'every row counts as many cells as its header has columns.',
          { field, line: startLine + 1, limit: maxTableCells },
        );
      }
      return true;
    },
    { alt: tableRule.alt },
  );
}

/**
 * Alternating `*` and `**` can nest emphasis ten thousand deep (issue 20, F7). Refused like deep blocks
 * rather than demoted to literal asterisks: text would then show markers its author never meant as
 * text, while no real sentence comes near the limit, so refusing costs nothing and says where to look.
 */
function guardInlineNesting(maxInlineNesting: number) {
  return (state: StateCore): void => {
    let line = 0;
    for (const token of state.tokens) {
      // Table cells carry no line of their own; their row's `tr_open` came just before.
      if (token.map) line = token.map[0];
      if (token.type !== 'inline' || !token.children) continue;
      let depth = 0;
      let breaks = 0;
      for (const child of token.children) {
        if (child.type === 'softbreak' || child.type === 'hardbreak') breaks += 1;
        depth += child.nesting;
        if (depth > maxInlineNesting) {
          throw new ValidationError(
            `Article body nests emphasis, strikethrough and links more than ${maxInlineNesting} levels deep ` +
              `(line ${line + breaks + 1}).`,
            { field, line: line + breaks + 1, limit: maxInlineNesting },
          );
        }
      }
    }
  };
}
