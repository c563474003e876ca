// Markdown that starts with YAML front matter between `---` lines (the demo's articles and pages, `page set`):
// one reader, whose errors say which file and which line.
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { ValidationError } from './errors.ts';

export type FrontMatter = {
  /** The YAML's fields; none when the text has no front matter. */
  fields: Record<string, unknown>;
  /** The Markdown after the closing `---` (the whole text when there is no front matter). */
  body: string;
  hasFrontMatter: boolean;
  /** The file's line of each field's name, for errors about a field's value. */
  fieldLines: Record<string, number>;
  file: string | undefined;
};

const frontMatterPattern = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)([\s\S]*)$/;
// The YAML starts on the file's second line, after the opening `---`.
const firstYamlLine = 2;

/** `file` only names the text in errors (`demo/articles/x.md: line 3: …`). */
export function readFrontMatter(source: string, file?: string): FrontMatter {
  const match = frontMatterPattern.exec(source);
  if (!match) return { fields: {}, body: source, hasFrontMatter: false, fieldLines: {}, file };
  const lineCounter = new LineCounter();
  const document = parseDocument(match[1] ?? '', { lineCounter });
  const [error] = document.errors;
  if (error) {
    // yaml's message ends with its own position and an excerpt; the position is given in the file's lines instead.
    const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
    throw refusal(
      file,
      (error.linePos?.[0].line ?? 1) + firstYamlLine - 1,
      'front_matter',
      `the front matter is not valid YAML: ${reason}`,
    );
  }
  const contents = document.contents;
  if (contents !== null && !isMap(contents)) {
    throw refusal(file, firstYamlLine, 'front_matter', 'the front matter must be `name: value` lines');
  }
  const fieldLines: Record<string, number> = {};
  for (const pair of contents?.items ?? []) {
    if (isScalar(pair.key) && pair.key.range)
      fieldLines[String(pair.key.value)] = lineCounter.linePos(pair.key.range[0]).line + firstYamlLine - 1;
  }
  const fields = (document.toJS() ?? {}) as Record<string, unknown>;
  return { fields, body: match[2] ?? '', hasFrontMatter: true, fieldLines, file };
}

/** A ValidationError about one field of the front matter, at its line. */
export function frontMatterFieldError(frontMatter: FrontMatter, field: string, reason: string): ValidationError {
  return refusal(frontMatter.file, frontMatter.fieldLines[field] ?? firstYamlLine, field, reason);
}

function refusal(file: string | undefined, line: number, field: string, reason: string): ValidationError {
  return new ValidationError(`${file ? `${file}: ` : ''}line ${line}: ${reason}`, {
    field,
    line,
    ...(file ? { file } : {}),
  });
}
