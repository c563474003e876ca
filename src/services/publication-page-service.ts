// Editing the publication's own pages: Markdown in (front matter with title and description optional), its
// sanitised HTML stored beside it, and the change recorded in the same transaction for every process's cache.
import { pageKey, publicationKey } from '../domain/content-keys.ts';
import { ValidationError } from '../domain/errors.ts';
import { frontMatterFieldError, readFrontMatter } from '../domain/front-matter.ts';
import {
  isPublicationPageKind,
  publicationPageKinds,
  publicationPageSlugs,
  type PublicationPage,
  type PublicationPageKind,
} from '../domain/publication-page.ts';
import type { Repositories, TransactionRunner } from '../storage/repositories.ts';
import { renderArticleBody } from './article-body-renderer.ts';

/** What an editor may give beside the Markdown (it wins over the file's front matter), and the file's name for errors. */
export type PublicationPageEdit = {
  title?: string | undefined;
  description?: string | undefined;
  sourceFile?: string | undefined;
};
export type PublicationPageWrite = {
  page: PublicationPage;
  outcome: 'created' | 'updated' | 'unchanged';
  changedKeys: string[];
};

const maxTitleLength = 200;
const maxDescriptionLength = 500;
const frontMatterFields = new Set(['title', 'description']);

export class PublicationPageService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The pages there are, in the order of the kinds. */
  async list(): Promise<PublicationPage[]> {
    const pages = await this.transaction((repositories) => repositories.publicationPages.list());
    return pages.sort((a, b) => publicationPageKinds.indexOf(a.kind) - publicationPageKinds.indexOf(b.kind));
  }

  async set(kind: string, source: string, edit: PublicationPageEdit = {}): Promise<PublicationPageWrite> {
    const pageKind = parsePublicationPageKind(kind);
    return this.transaction(async (repositories) => {
      const write = await writePublicationPage(repositories, pageKind, source, edit, this.clock().toISOString());
      await repositories.contentChanges.record(write.changedKeys, write.page.updatedAt);
      return write;
    });
  }

  /** Whether there was a page of that kind to remove. */
  async remove(kind: string): Promise<boolean> {
    const pageKind = parsePublicationPageKind(kind);
    return this.transaction(async (repositories) => {
      const isRemoved = await repositories.publicationPages.remove(pageKind);
      // The footer and the publisher's JSON-LD of every page linked it: the publication key reaches them all.
      if (isRemoved)
        await repositories.contentChanges.record([pageKey(pageKind), publicationKey], this.clock().toISOString());
      return isRemoved;
    });
  }
}

export function parsePublicationPageKind(kind: string): PublicationPageKind {
  if (isPublicationPageKind(kind)) return kind;
  throw new ValidationError(`Unknown page kind "${kind}": use one of ${publicationPageKinds.join(', ')}.`, {
    field: 'kind',
    allowed: [...publicationPageKinds],
  });
}

/**
 * Renders and saves one page inside the caller's transaction, unless it is unchanged; returns the keys the
 * caller must record. A new page also changes every page's frame (the footer and JSON-LD link it).
 */
export async function writePublicationPage(
  repositories: Repositories,
  kind: PublicationPageKind,
  source: string,
  edit: PublicationPageEdit,
  now: string,
): Promise<PublicationPageWrite> {
  const { fields, markdown } = splitFrontMatter(source, edit.sourceFile);
  const existing = await repositories.publicationPages.find(kind);
  const title = (edit.title ?? fields.title ?? existing?.title ?? '').trim();
  const description = (edit.description ?? fields.description ?? existing?.description ?? '').trim();
  if (!title)
    throw new ValidationError('A new page needs a title: pass --title or write `title:` in its front matter.', {
      field: 'title',
    });
  if (title.length > maxTitleLength)
    throw new ValidationError(`The title is longer than ${maxTitleLength} characters.`, { field: 'title' });
  if (description.length > maxDescriptionLength) {
    throw new ValidationError(`The description is longer than ${maxDescriptionLength} characters.`, {
      field: 'description',
    });
  }
  const bodyMarkdown = markdown.trim();
  if (!bodyMarkdown)
    throw new ValidationError('The page has no text: a page without content would answer 404.', {
      field: 'body_markdown',
    });
  if (
    existing &&
    existing.title === title &&
    existing.description === description &&
    existing.bodyMarkdown === bodyMarkdown
  ) {
    return { page: existing, outcome: 'unchanged', changedKeys: [] };
  }
  const page: PublicationPage = {
    kind,
    slug: publicationPageSlugs[kind],
    title,
    description,
    bodyMarkdown,
    bodyHtml: renderArticleBody(bodyMarkdown).html,
    updatedAt: now,
  };
  await repositories.publicationPages.save(page);
  return existing
    ? { page, outcome: 'updated', changedKeys: [pageKey(kind)] }
    : { page, outcome: 'created', changedKeys: [pageKey(kind), publicationKey] };
}

/** `---\ntitle: …\n---\n` before the Markdown is optional; only `title` and `description` may appear in it. */
function splitFrontMatter(
  source: string,
  file: string | undefined,
): { fields: { title?: string; description?: string }; markdown: string } {
  const frontMatter = readFrontMatter(source, file);
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(frontMatter.fields)) {
    if (!frontMatterFields.has(name)) {
      throw frontMatterFieldError(
        frontMatter,
        name,
        `Unknown front matter field "${name}": only title and description are read.`,
      );
    }
    if (typeof value !== 'string')
      throw frontMatterFieldError(frontMatter, name, `The front matter field "${name}" must be text.`);
    fields[name] = value;
  }
  return { fields, markdown: frontMatter.body };
}
