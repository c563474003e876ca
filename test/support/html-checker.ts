// Validates many HTML documents with the Nu Html Checker (vnu.jar) in one JVM run, since each start costs ~5 s.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export type HtmlCheckMessage = {
  type: 'error' | 'info' | 'non-document-error';
  subType?: string;
  message: string;
  extract?: string;
  firstLine?: number;
  lastLine?: number;
  firstColumn?: number;
  lastColumn?: number;
};

export type HtmlCheckResult = {
  /** Messages of type "error": the document is not valid HTML. */
  errors: HtmlCheckMessage[];
  /** Messages of type "info" with subType "warning": valid, but probably not what was meant. */
  warnings: HtmlCheckMessage[];
};

type VnuOutput = { messages: (HtmlCheckMessage & { url?: string })[] };

const maxOutputBytes = 64 * 1024 * 1024;

// vnu-jar ships no type declarations; its CommonJS export is the jar's path as a String object.
const vnuJarPath = String(createRequire(import.meta.url)('vnu-jar'));

/** Checks every document (name → HTML) in a single run of the checker; returns the results by name. */
export async function checkHtmlDocuments(
  documents: ReadonlyMap<string, string>,
): Promise<Map<string, HtmlCheckResult>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'testata-vnu-'));
  try {
    const nameByUrl = new Map<string, string>();
    const files: string[] = [];
    let index = 0;
    for (const [name, html] of documents) {
      const file = path.join(dir, `${String(index++).padStart(3, '0')}.html`);
      fs.writeFileSync(file, html);
      files.push(file);
      nameByUrl.set(pathToFileURL(file).href, name);
    }
    const results = new Map<string, HtmlCheckResult>(
      [...documents.keys()].map((name) => [name, { errors: [], warnings: [] }]),
    );
    if (files.length === 0) return results;

    const output = await runVnu(['--format', 'json', '--stdout', '--exit-zero-always', ...files]);
    for (const { url, ...message } of output.messages) {
      if (message.type === 'non-document-error') throw new Error(`the Nu Html Checker failed: ${message.message}`);
      const name = url === undefined ? undefined : nameByUrl.get(normaliseFileUrl(url));
      const result = name === undefined ? undefined : results.get(name);
      if (!result) throw new Error(`the Nu Html Checker reported on an unknown document ${url}: ${message.message}`);
      if (message.type === 'error') result.errors.push(message);
      else if (message.subType === 'warning') result.warnings.push(message);
    }
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per message: position, text and the offending markup, for a failure report. */
export function formatHtmlCheckMessages(messages: HtmlCheckMessage[]): string {
  return messages
    .map((m) => {
      const extract = m.extract ? `\n      ${m.extract.replace(/\s+/g, ' ').trim()}` : '';
      return `  line ${m.lastLine ?? '?'}:${m.firstColumn ?? '?'} ${m.message}${extract}`;
    })
    .join('\n');
}

function runVnu(args: string[]): Promise<VnuOutput> {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', vnuJarPath, ...args], { maxBuffer: maxOutputBytes }, (error, stdout, stderr) => {
      if (error) {
        const hint =
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? ' (no `java` on PATH: apt-get install -y default-jre-headless)'
            : '';
        reject(new Error(`could not run the Nu Html Checker${hint}: ${error.message}\n${stderr}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as VnuOutput);
      } catch (cause) {
        reject(
          new Error(`the Nu Html Checker printed something other than JSON:\n${stdout.slice(0, 2000)}\n${stderr}`, {
            cause,
          }),
        );
      }
    });
  });
}

// vnu reports `file:/tmp/x.html`; Node writes `file:///tmp/x.html`.
function normaliseFileUrl(url: string): string {
  return url.replace(/^file:\/*/, 'file:///');
}
