// Bulk import of articles from JSON Lines: all lines land in one transaction, or none do.
// Authors, sections and tags are created on the fly; re-importing the same file changes nothing.
import { isFindable, statusToStore, type Article, type Source } from '../domain/article.ts';
import { parseArticleImportRecord, type ArticleImportRecord } from '../domain/article-import-record.ts';
import { authorKey, everythingKey, sectionsKey } from '../domain/content-keys.ts';
import { DomainError } from '../domain/errors.ts';
import { nameFromSlug } from '../domain/slug.ts';
import type { ArticleWrite } from '../storage/article-write-repository.ts';
import type { Repositories, TransactionRunner } from '../storage/repositories.ts';
import { articleChangeKeys, insertionChangeKeys, membershipOf } from './article-change-keys.ts';
import { renderArticleBody } from './article-body-renderer.ts';
import type { ImportLine } from './import-file-reader.ts';

export type ImportProblem = { line: number; field: string; message: string };
export type ImportReport = {
  lines: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Lines marked `published` but dated in the future, stored as `scheduled` (counted among the three above). */
  scheduled: number;
  problems: ImportProblem[];
  committed: boolean;
};
export type ImportProgress = { lines: number; bytes: number };
export type ImportOptions = {
  onProgress?: (progress: ImportProgress) => void;
  maxProblems?: number;
  /** Runs first, inside the import's transaction (the demo uses it to write the publication). */
  prepare?: (repositories: Repositories, now: string) => Promise<string[]>;
};

/** Past this many changed articles, an import drops every cached page instead of listing keys. */
const preciseInvalidationLimit = 50;
const batchSize = 500;

class ImportAborted extends Error {}

export class ImportService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async importArticles(
    lines: AsyncIterable<ImportLine> | Iterable<ImportLine>,
    options: ImportOptions = {},
  ): Promise<ImportReport> {
    const maxProblems = options.maxProblems ?? 20;
    const report: ImportReport = {
      lines: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      scheduled: 0,
      problems: [],
      committed: false,
    };
    try {
      await this.transaction(async (repositories) => {
        const writer = new ImportWriter(repositories, this.clock);
        writer.noteKeys((await options.prepare?.(repositories, writer.now)) ?? []);
        // A batch is written while the next one is prepared: on PostgreSQL the server's work and ours overlap.
        const writes = new BatchPipeline((batch: ImportBatch) => writer.writeBatch(batch, report));
        try {
          await readLines(lines, report, { ...options, maxProblems }, (batch) => writes.write(batch));
        } catch (error) {
          await writes.drain(); // no write may outlive the transaction
          throw error;
        }
        await writes.settle();
        if (report.problems.length > 0) throw new ImportAborted();
        await writer.recordChanges();
      });
      report.committed = true;
    } catch (error) {
      if (!(error instanceof ImportAborted)) throw error;
    }
    if (!report.committed) Object.assign(report, { created: 0, updated: 0, unchanged: 0, scheduled: 0 });
    return report;
  }
}

type ImportBatch = { line: number; write: PendingWrite }[];

/** Validates and prepares every line, handing the good ones to `write` in batches while no line has a problem. */
async function readLines(
  lines: AsyncIterable<ImportLine> | Iterable<ImportLine>,
  report: ImportReport,
  options: { maxProblems: number; onProgress?: (progress: ImportProgress) => void },
  write: (batch: ImportBatch) => Promise<void>,
): Promise<void> {
  let batch: ImportBatch = [];
  let bytes = 0;
  const lineOfSlug = new Map<string, number>();
  let yieldedAt = performance.now();
  for await (const text of lines) {
    // Preparing lines keeps this thread busy; replies of the batch being written wait for a turn of the
    // event loop, which lines already read do not give. A turn every millisecond keeps that batch moving.
    if (performance.now() - yieldedAt > 1) {
      await new Promise((resolve) => setImmediate(resolve));
      yieldedAt = performance.now();
    }
    report.lines += 1;
    if (typeof text !== 'string') {
      report.problems.push({ line: report.lines, field: '(line)', message: text.message });
      if (report.problems.length >= options.maxProblems) break;
      continue;
    }
    bytes += Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    const prepared = prepareLine(text, report.lines);
    if ('problems' in prepared) {
      report.problems.push(...prepared.problems);
      if (report.problems.length >= options.maxProblems) break;
      continue;
    }
    const firstLine = lineOfSlug.get(prepared.record.slug);
    if (firstLine !== undefined) {
      report.problems.push({ line: report.lines, field: 'slug', message: `repeats the slug of line ${firstLine}` });
      if (report.problems.length >= options.maxProblems) break;
      continue;
    }
    lineOfSlug.set(prepared.record.slug, report.lines);
    if (report.problems.length > 0) continue; // keep validating, stop writing: it will all roll back
    batch.push({ line: report.lines, write: prepared });
    if (batch.length >= batchSize) {
      await write(batch);
      batch = [];
    }
    if (report.lines % 200 === 0) options.onProgress?.({ lines: report.lines, bytes });
  }
  if (report.problems.length === 0) await write(batch);
  options.onProgress?.({ lines: report.lines, bytes });
}

/**
 * Runs one write at a time, without waiting for it: `write` returns once the previous write is done and this
 * one has started. A failed write is thrown by the next `write` or by `settle`.
 */
class BatchPipeline<T> {
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly writeOne: (item: T) => Promise<void>) {}

  async write(item: T): Promise<void> {
    await this.running;
    const started = this.writeOne(item);
    started.catch(() => {}); // thrown by the next write or settle, not reported as unhandled meanwhile
    this.running = started;
  }

  async settle(): Promise<void> {
    await this.running;
  }

  /** Waits for the running write, ignoring its failure (for when something else already went wrong). */
  async drain(): Promise<void> {
    await this.running.catch(() => {});
  }
}

type PendingWrite = { record: ArticleImportRecord; bodyHtml: string; bodyMarkdown: string; sources: Source[] };

function prepareLine(text: string, line: number): PendingWrite | { problems: ImportProblem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problems: [{ line, field: '(line)', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  const parsed = parseArticleImportRecord(value);
  if (!parsed.ok) return { problems: parsed.problems.map((p) => ({ line, ...p })) };
  const record = parsed.record;
  const bodyMarkdown = stripDateline(record.body_markdown, record.dateline ?? null);
  try {
    const rendered = renderArticleBody(bodyMarkdown, { dateline: record.dateline ?? null });
    return { record, bodyHtml: rendered.html, bodyMarkdown, sources: record.sources };
  } catch (error) {
    if (error instanceof DomainError)
      return { problems: [{ line, field: error.details.field ?? 'body_markdown', message: error.message }] };
    throw error;
  }
}

/** Archives often start the body with "MOSCA - "; the page prints the dateline itself. */
function stripDateline(body: string, dateline: string | null): string {
  if (!dateline) return body;
  const match = /^\s*(\S[^\n]*?)\s+[-–—]\s+/.exec(body);
  return match && match[1]?.toUpperCase() === dateline.toUpperCase() ? body.slice(match[0].length) : body;
}

class ImportWriter {
  private readonly sectionIds = new Map<string, string>();
  private readonly authorIds = new Map<string, string>();
  private readonly tagIds = new Map<string, string>();
  private readonly changedKeys = new Set<string>();
  private changedArticles = 0;

  readonly now: string;

  constructor(
    private readonly repositories: Repositories,
    private readonly clock: () => Date,
  ) {
    this.now = clock().toISOString();
  }

  async writeBatch(batch: ImportBatch, report: ImportReport): Promise<void> {
    const existing = await this.repositories.articleWrites.findIdsBySlug(batch.map((b) => b.write.record.slug));
    const fresh: ArticleWrite[] = [];
    const toRelate: { id: string; publishedAt: string | null }[] = [];
    for (const { write } of batch) {
      const article = await this.toArticleWrite(write);
      if (article.status !== write.record.status) report.scheduled += 1;
      const id = existing.get(article.slug);
      if (id === undefined) {
        fresh.push(article);
        continue;
      }
      const current = await this.repositories.articles.findBySlug(article.slug);
      if (current && isSameArticle(current, article)) {
        report.unchanged += 1;
        continue;
      }
      if (current) await this.noteChange(current);
      await this.repositories.articleWrites.update(id, article, this.now);
      report.updated += 1;
      await this.noteChange(article.slug);
      // Any change may change what the article is related to, or take it off every list.
      toRelate.push({ id, publishedAt: article.publishedAt });
    }
    for (const key of await insertionChangeKeys(this.repositories.articles, fresh)) this.changedKeys.add(key);
    const freshIds = await this.repositories.articleWrites.insertMany(fresh, this.now);
    report.created += fresh.length;
    for (const article of fresh) await this.noteChange(article.slug);
    for (const [i, article] of fresh.entries()) {
      if (isFindable(article)) toRelate.push({ id: freshIds[i] as string, publishedAt: article.publishedAt });
    }
    await this.repositories.relatedArticles.markPending(toRelate, this.now);
  }

  noteKeys(keys: string[]): void {
    for (const key of keys) this.changedKeys.add(key);
  }

  async recordChanges(): Promise<void> {
    if (this.changedArticles === 0 && this.changedKeys.size === 0) return;
    const keys = this.changedArticles > preciseInvalidationLimit ? [everythingKey] : this.changedKeys;
    // Stamped at commit time, not at the start: followers look back only a few seconds.
    await this.repositories.contentChanges.record(keys, this.clock().toISOString());
  }

  private async noteChange(articleOrSlug: Article | string): Promise<void> {
    this.changedArticles += 1;
    if (this.changedArticles > preciseInvalidationLimit) return;
    const article =
      typeof articleOrSlug === 'string' ? await this.repositories.articles.findBySlug(articleOrSlug) : articleOrSlug;
    if (!article) return;
    for (const key of await articleChangeKeys(this.repositories.articles, membershipOf(article)))
      this.changedKeys.add(key);
  }

  private async toArticleWrite({ record, bodyHtml, bodyMarkdown, sources }: PendingWrite): Promise<ArticleWrite> {
    const authors = record.authors ?? (record.author ? [record.author] : []);
    const authorIds: string[] = [];
    for (const author of authors) authorIds.push(await this.ensureAuthor(author, record.type === 'opinion'));
    const tagIds: string[] = [];
    for (const tag of record.tags) {
      const id = await this.ensureTag(typeof tag === 'string' ? { slug: tag, name: nameFromSlug(tag) } : tag);
      if (!tagIds.includes(id)) tagIds.push(id);
    }
    return {
      slug: record.slug,
      sectionId: await this.ensureSection(record.section, record.section_name ?? nameFromSlug(record.section)),
      type: record.type,
      status: statusToStore(record.status, record.published_at ?? null, this.now),
      title: record.title,
      standfirst: record.standfirst ?? record.subtitle ?? '',
      dateline: record.dateline ?? null,
      bodyMarkdown,
      bodyHtml,
      image: record.image
        ? { ...record.image, caption: record.image.caption ?? null, credit: record.image.credit ?? null }
        : null,
      noindex: record.noindex,
      publishedAt: record.published_at ?? null,
      updatedAt: record.updated_at ?? null,
      authorIds: [...new Set(authorIds)],
      tagIds,
      sources,
      corrections: record.corrections,
      formerPaths: record.former_paths,
    };
  }

  private async ensureSection(slug: string, name: string): Promise<string> {
    const known = this.sectionIds.get(slug);
    if (known) return known;
    const taxonomy = this.repositories.taxonomy;
    let id = (await taxonomy.findSectionBySlug(slug))?.id;
    if (!id) {
      id = await taxonomy.insertSection({ slug, name, description: '', position: 100 }, this.now);
      this.changedKeys.add(sectionsKey);
    }
    this.sectionIds.set(slug, id);
    return id;
  }

  private async ensureTag(tag: { slug: string; name: string }): Promise<string> {
    const known = this.tagIds.get(tag.slug);
    if (known) return known;
    const taxonomy = this.repositories.taxonomy;
    const id = (await taxonomy.findTagBySlug(tag.slug))?.id ?? (await taxonomy.insertTag(tag, this.now));
    this.tagIds.set(tag.slug, id);
    return id;
  }

  private async ensureAuthor(
    author: NonNullable<ArticleImportRecord['author']>,
    writesOpinion: boolean,
  ): Promise<string> {
    const known = this.authorIds.get(author.slug);
    if (known) return known;
    const taxonomy = this.repositories.taxonomy;
    const existing = await taxonomy.findAuthorBySlug(author.slug);
    const wanted = {
      slug: author.slug,
      name: author.name,
      bio: author.bio ?? existing?.bio ?? '',
      photoSrc: author.photo ?? existing?.photoSrc ?? null,
      jobTitle: author.job_title ?? existing?.jobTitle ?? '',
      kind: author.kind ?? existing?.kind ?? (writesOpinion ? 'columnist' : 'staff'),
    } as const;
    let id: string;
    if (!existing) {
      id = await taxonomy.insertAuthor(wanted, this.now);
    } else {
      id = existing.id;
      const { id: _, ...current } = existing;
      if (JSON.stringify(current) !== JSON.stringify(wanted)) {
        await taxonomy.updateAuthor(id, wanted, this.now);
        this.changedKeys.add(authorKey(id));
      }
    }
    this.authorIds.set(author.slug, id);
    return id;
  }
}

function isSameArticle(current: Article, next: ArticleWrite): boolean {
  const comparable = (a: ArticleWrite) =>
    JSON.stringify([
      a.slug,
      a.sectionId,
      a.type,
      a.status,
      a.title,
      a.standfirst,
      a.dateline,
      a.bodyMarkdown,
      a.bodyHtml,
      a.image,
      a.noindex,
      a.publishedAt,
      a.updatedAt,
      a.authorIds,
      [...a.tagIds].sort(),
      a.sources,
      a.corrections,
    ]);
  return (
    comparable(next) ===
    comparable({
      ...current,
      sectionId: current.section.id,
      authorIds: current.authors.map((a) => a.id),
      tagIds: current.tags.map((t) => t.id),
      formerPaths: [],
    })
  );
}
