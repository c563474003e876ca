// Reads an import file (JSON Lines) line by line for the import service, checking what a text reader would
// hide: bytes that are not UTF-8 (a decoder that replaces them would import U+FFFD), a byte order mark, a
// line too long to be an article (a file of zeros never ends its first line), and files that are not files.
import fs from 'node:fs';

/** A line that could not be read as text, and why; the import reports it as a problem of that line. */
export class UnreadableLine {
  constructor(readonly message: string) {}
}

export type ImportLine = string | UnreadableLine;

/** The file failed to read (EIO, EACCES…): the import stops there, and nothing is written. */
export class ImportFileReadError extends Error {}

/**
 * The longest line read. The body's limit is far below it even written the longest way JSON allows (every
 * character as a six-byte `\uXXXX` escape, as Python's json.dumps writes anything not ASCII), with room for
 * the other fields; past it, reading stops, so a stray binary file costs a few megabytes, not all memory.
 */
export const maxLineBytes = 8 * 1024 * 1024;

const byteOrderMark = Buffer.from([0xef, 0xbb, 0xbf]);
const newline = 0x0a;

/** Why `file` cannot be imported (missing, a directory, a device), or undefined; a FIFO is read like a file. */
export function importFileProblem(file: string): string | undefined {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? (error as Error).message})`;
  }
  if (stats.isDirectory()) return 'it is a directory, not a file';
  if (!stats.isFile() && !stats.isFIFO()) return 'it is not a regular file (a device or a socket)';
  return undefined;
}

/** Each line of `file` as text (without its line ending, the first without a byte order mark), or why not. */
export async function* readImportLines(file: string): AsyncGenerator<ImportLine> {
  try {
    yield* readLines(file);
  } catch (error) {
    throw new ImportFileReadError(`Reading ${file} failed: ${(error as Error).message}`, { cause: error });
  }
}

async function* readLines(file: string): AsyncGenerator<ImportLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineStart = 0; // byte offset of the current line in the file
  const lineOf = (bytes: Buffer): ImportLine => {
    const text = decodeLine(decoder, lineStart === 0 ? withoutByteOrderMark(bytes) : bytes, lineStart);
    lineStart += bytes.length + 1;
    return text;
  };
  const tooLong = new UnreadableLine(
    `is longer than ${maxLineBytes / (1024 * 1024)} MiB: not an article of a JSON Lines file; reading stopped here`,
  );
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let end = chunk.indexOf(newline); end !== -1; end = chunk.indexOf(newline, start)) {
      const piece = chunk.subarray(start, end);
      if (pendingBytes + piece.length > maxLineBytes) {
        yield tooLong;
        return;
      }
      yield lineOf(pending.length === 0 ? piece : Buffer.concat([...pending, piece]));
      pending = [];
      pendingBytes = 0;
      start = end + 1;
    }
    if (pendingBytes + chunk.length - start > maxLineBytes) {
      yield tooLong;
      return;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
    }
  }
  if (pendingBytes > 0) yield lineOf(Buffer.concat(pending));
}

function withoutByteOrderMark(bytes: Buffer): Buffer {
  return bytes.subarray(0, 3).equals(byteOrderMark) ? bytes.subarray(3) : bytes;
}

function decodeLine(decoder: TextDecoder, bytes: Buffer, lineStart: number): ImportLine {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
  try {
    return decoder.decode(bytes.subarray(0, end));
  } catch {
    const offset = firstInvalidByte(bytes);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return new UnreadableLine(
      `is not valid UTF-8: byte 0x${byte} at byte ${offset + 1} of the line (${lineStart + offset + 1} of the file); ` +
        'save the file as UTF-8',
    );
  }
}

/**
 * Where the first invalid sequence starts. A replacing decoder decodes every byte before it exactly, so the
 * first U+FFFD that the bytes do not spell out themselves (EF BF BD) marks it.
 */
function firstInvalidByte(bytes: Buffer): number {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) {
    const offset = Buffer.byteLength(text.slice(0, at));
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
  }
  return 0;
}
