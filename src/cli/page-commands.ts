// `testata page list|set|remove`: the publication's own pages (about us, masthead, editorial standards),
// edited from Markdown files until there is an admin UI. Exit codes: 0 done, 1 refused, 2 bad arguments.
import fs from 'node:fs';
import type { Command } from 'commander';
import { DomainError } from '../domain/errors.ts';
import { publicationPageKinds, publicationPageSlugs, type PublicationPageKind } from '../domain/publication-page.ts';
import { publicationPagePath } from '../domain/reader-paths.ts';
import { parsePublicationPageKind, type PublicationPageService } from '../services/publication-page-service.ts';
import { exitTwoOnUsageErrors } from './usage-errors.ts';

/** Opens the app (database included) for one command and closes it after; the work returns the exit code. */
export type PageCommandsHost = {
  withPages: (work: (pages: PublicationPageService) => Promise<number>) => Promise<void>;
  setExitCode: (code: number) => void;
};

const kindsHelp = `\nKinds and their addresses:\n${publicationPageKinds.map((kind) => `  ${kind.padEnd(22)}${pathOf(kind)}`).join('\n')}\n`;

export function registerPageCommands(program: Command, host: PageCommandsHost): void {
  const page = program
    .command('page')
    .description(
      "the publication's own pages: about us, masthead, editorial principles, corrections policy, ethics code",
    )
    .addHelpText('after', kindsHelp)
    .exitOverride(exitTwoOnUsageErrors);

  page
    .command('list')
    .description('list every kind of page, with its address, title and last change (or that it has none yet)')
    .action(() =>
      host.withPages(async (pages) => {
        const existing = new Map((await pages.list()).map((p) => [p.kind, p]));
        const lines = publicationPageKinds.map((kind) => {
          const found = existing.get(kind);
          const state = found ? `${found.updatedAt}  ${found.title}` : '(no page yet: not shown or linked)';
          return `${kind.padEnd(22)}${pathOf(kind).padEnd(24)}${state}`;
        });
        process.stdout.write(`${lines.join('\n')}\n`);
        return 0;
      }),
    );

  page
    .command('set')
    .description('create or replace a page from a Markdown file (front matter with title and description optional)')
    .argument('<kind>', `one of ${publicationPageKinds.join(', ')}`)
    .argument('<file>', 'the Markdown file')
    .option('--title <title>', 'the page title (needed for a new page unless the front matter has one)')
    .option('--description <text>', 'the summary shown under the title and to search engines')
    .addHelpText(
      'after',
      `${kindsHelp}\nThe file may start with front matter:\n  ---\n  title: Chi siamo\n  description: Chi fa questo giornale e chi lo paga.\n  ---\n` +
        'Options win over the front matter; what neither gives stays as it was. Written in one transaction.\n' +
        'Example: testata page set about chi-siamo.md --title "Chi siamo"',
    )
    .action((kind: string, file: string, options: { title?: string; description?: string }) => {
      const pageKind = parseKindArgument(kind);
      if (!pageKind) return host.setExitCode(2);
      let source: string;
      try {
        source = fs.readFileSync(file, 'utf8');
      } catch (error) {
        process.stderr.write(
          `page set: cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}\n`,
        );
        return host.setExitCode(2);
      }
      return host.withPages(async (pages) => {
        try {
          const { page: saved, outcome } = await pages.set(pageKind, source, { ...options, sourceFile: file });
          const verb = { created: 'Created', updated: 'Updated', unchanged: 'Unchanged:' }[outcome];
          process.stdout.write(`${verb} ${pageKind} at ${pathOf(pageKind)}: "${saved.title}".\n`);
          return 0;
        } catch (error) {
          return reportRefusal('page set', file, error);
        }
      });
    });

  page
    .command('remove')
    .description('remove a page: its address answers 404 and the footer and structured data stop linking it')
    .argument('<kind>', `one of ${publicationPageKinds.join(', ')}`)
    .addHelpText('after', kindsHelp)
    .action((kind: string) => {
      const pageKind = parseKindArgument(kind);
      if (!pageKind) return host.setExitCode(2);
      return host.withPages(async (pages) => {
        if (await pages.remove(pageKind)) {
          process.stdout.write(`Removed ${pageKind}: ${pathOf(pageKind)} now answers 404.\n`);
          return 0;
        }
        process.stderr.write(`page remove: there is no ${pageKind} page; nothing was removed.\n`);
        return 1;
      });
    });
}

function pathOf(kind: PublicationPageKind): string {
  return publicationPagePath(publicationPageSlugs[kind]);
}

function parseKindArgument(kind: string): PublicationPageKind | undefined {
  try {
    return parsePublicationPageKind(kind);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    process.stderr.write(`page: ${error.message}\n`);
    return undefined;
  }
}

function reportRefusal(command: string, file: string, error: unknown): number {
  if (!(error instanceof DomainError)) throw error;
  // An error about the file's front matter names the file itself.
  const where = error.details.file === undefined ? `${file}: ` : '';
  process.stderr.write(`${command}: ${where}${error.message} Nothing was written.\n`);
  return 1;
}
