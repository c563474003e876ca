// Storage of related articles by text: the queue of articles to (re)compute, term signatures and counts,
// and the computed lists. The service decides what to compute; this only reads and writes rows.
import type { SignatureTerm } from '../domain/related/article-signature.ts';
import { chunked } from './chunked.ts';
import type { Db } from './database.ts';
import { isFindableRow } from './reader-visibility.ts';

export type RelatedStage = 'count' | 'sign' | 'list';
export type PendingArticle = { articleId: string; markedAt: string };
export type ArticleText = {
  id: string;
  title: string;
  standfirst: string;
  bodyMarkdown: string;
  isFindable: boolean;
  publishedAt: string | null;
  sectionId: string;
};
export type StoredRelated = { relatedId: string; score: number };

/** Both dialects bind at most a few thousand parameters per statement. */
const rowsPerInsert = 300;

export class RelatedArticleRepository {
  constructor(private readonly db: Db) {}

  /** Queues articles for a full recomputation (cheap: one upsert per few hundred articles). */
  async markPending(articles: { id: string; publishedAt: string | null }[], now: string): Promise<void> {
    const rows = articles.map((a) => ({
      article_id: a.id,
      stage: 'count',
      published_at: a.publishedAt,
      marked_at: now,
    }));
    for (const chunk of chunked(rows, rowsPerInsert)) {
      await this.db
        .insertInto('related_pending')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('article_id').doUpdateSet((eb) => ({
            stage: 'count',
            published_at: eb.ref('excluded.published_at'),
            marked_at: eb.ref('excluded.marked_at'),
          })),
        )
        .execute();
    }
  }

  /** Queues the lists that show this article for recomputation (it left, or changed a lot). */
  async markListsShowing(articleId: string, now: string): Promise<void> {
    await this.db
      .insertInto('related_pending')
      .columns(['article_id', 'stage', 'published_at', 'marked_at'])
      .expression((eb) =>
        eb
          .selectFrom('related_articles')
          .innerJoin('articles', 'articles.id', 'related_articles.article_id')
          .select((s) => [
            'articles.id',
            s.val('list').as('stage'),
            'articles.published_at',
            s.val(now).as('marked_at'),
          ])
          .where('related_articles.related_id', '=', articleId)
          .distinct(),
      )
      .onConflict((oc) => oc.column('article_id').doNothing())
      .execute();
  }

  async findPending(stage: RelatedStage, limit: number): Promise<PendingArticle[]> {
    const rows = await this.db
      .selectFrom('related_pending')
      .select(['article_id', 'marked_at'])
      .where('stage', '=', stage)
      .orderBy('published_at', 'desc')
      .orderBy('article_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ articleId: r.article_id, markedAt: r.marked_at }));
  }

  /** Moves articles on to the next stage (or off the queue), except those queued again meanwhile. */
  async advance(articles: PendingArticle[], from: RelatedStage, to: RelatedStage | 'done'): Promise<void> {
    // A batch was usually queued by one write, so grouping by the mark makes it one statement.
    const byMark = new Map<string, string[]>();
    for (const { articleId, markedAt } of articles) byMark.set(markedAt, [...(byMark.get(markedAt) ?? []), articleId]);
    for (const [markedAt, ids] of byMark) {
      for (const chunk of chunked(ids, 500)) {
        if (to === 'done') {
          await this.db
            .deleteFrom('related_pending')
            .where('article_id', 'in', chunk)
            .where('stage', '=', from)
            .where('marked_at', '=', markedAt)
            .execute();
        } else {
          await this.db
            .updateTable('related_pending')
            .set({ stage: to })
            .where('article_id', 'in', chunk)
            .where('stage', '=', from)
            .where('marked_at', '=', markedAt)
            .execute();
        }
      }
    }
  }

  async findTexts(ids: string[]): Promise<Map<string, ArticleText>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('articles')
      .select(['id', 'title', 'standfirst', 'body_markdown', 'status', 'noindex', 'published_at', 'section_id'])
      .where('id', 'in', ids)
      .execute();
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          title: r.title,
          standfirst: r.standfirst,
          bodyMarkdown: r.body_markdown,
          isFindable: isFindableRow(r),
          publishedAt: r.published_at,
          sectionId: r.section_id,
        },
      ]),
    );
  }

  /** Which of these articles have a signature (and so were counted once already). */
  async findSigned(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('related_signatures')
      .select('article_id')
      .where('article_id', 'in', ids)
      .execute();
    return new Set(rows.map((r) => r.article_id));
  }

  async findTermCounts(terms: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const chunk of chunked(terms, 500)) {
      const rows = await this.db
        .selectFrom('related_term_counts')
        .select(['term', 'article_count'])
        .where('term', 'in', chunk)
        .execute();
      for (const row of rows) counts.set(row.term, Number(row.article_count));
    }
    return counts;
  }

  async addTermCounts(counts: Map<string, number>): Promise<void> {
    const rows = [...counts].map(([term, count]) => ({ term, article_count: count }));
    for (const chunk of chunked(rows, rowsPerInsert)) {
      await this.db
        .insertInto('related_term_counts')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('term').doUpdateSet((eb) => ({
            article_count: eb('related_term_counts.article_count', '+', eb.ref('excluded.article_count')),
          })),
        )
        .execute();
    }
  }

  async replaceSignatures(signatures: Map<string, SignatureTerm[]>): Promise<void> {
    const ids = [...signatures.keys()];
    for (const chunk of chunked(ids, 500)) {
      await this.db.deleteFrom('related_signatures').where('article_id', 'in', chunk).execute();
      await this.db.deleteFrom('related_terms').where('article_id', 'in', chunk).execute();
    }
    const whole = [...signatures].map(([id, terms]) => ({
      article_id: id,
      terms: JSON.stringify(terms.map((t) => [t.term, t.weight])),
    }));
    for (const chunk of chunked(whole, rowsPerInsert))
      await this.db.insertInto('related_signatures').values(chunk).execute();
    const rows = [...signatures].flatMap(([id, terms]) =>
      terms.map((t) => ({ article_id: id, term: t.term, weight: t.weight })),
    );
    for (const chunk of chunked(rows, rowsPerInsert)) await this.db.insertInto('related_terms').values(chunk).execute();
  }

  async findSignatures(ids: string[]): Promise<Map<string, Map<string, number>>> {
    const signatures = new Map<string, Map<string, number>>();
    if (ids.length === 0) return signatures;
    const rows = await this.db
      .selectFrom('related_signatures')
      .select(['article_id', 'terms'])
      .where('article_id', 'in', ids)
      .execute();
    for (const row of rows) signatures.set(row.article_id, new Map(JSON.parse(row.terms) as [string, number][]));
    return signatures;
  }

  /** For each term, the `perTerm` articles that weigh it most: one statement, each part a short index walk. */
  async findHeaviestByTerm(
    terms: string[],
    perTerm: number,
  ): Promise<{ articleId: string; term: string; weight: number }[]> {
    if (terms.length === 0) return [];
    const part = (term: string, index: number) =>
      this.db
        .selectFrom((eb) =>
          eb
            .selectFrom('related_terms')
            .select(['article_id', 'term', 'weight'])
            .where('term', '=', term)
            .orderBy('weight', 'desc')
            .limit(perTerm)
            .as(`t${index}`),
        )
        .selectAll();
    let query = part(terms[0] as string, 0);
    for (const [index, term] of terms.slice(1).entries()) query = query.unionAll(part(term, index + 1));
    const rows = await query.execute();
    return rows.map((r) => ({ articleId: r.article_id, term: r.term, weight: Number(r.weight) }));
  }

  /** Publication time, section and tags of the findable articles among these ids; the others are left out. */
  async findFindableFacts(
    ids: string[],
  ): Promise<Map<string, { publishedAt: string; sectionId: string; tagIds: string[] }>> {
    const facts = new Map<string, { publishedAt: string; sectionId: string; tagIds: string[] }>();
    if (ids.length === 0) return facts;
    const [rows, tags] = await Promise.all([
      this.db
        .selectFrom('articles')
        .select(['id', 'published_at', 'section_id', 'status', 'noindex'])
        .where('id', 'in', ids)
        .execute(),
      this.db.selectFrom('article_tags').select(['article_id', 'tag_id']).where('article_id', 'in', ids).execute(),
    ]);
    for (const row of rows) {
      if (!isFindableRow(row)) continue;
      facts.set(row.id, { publishedAt: row.published_at, sectionId: row.section_id, tagIds: [] });
    }
    for (const tag of tags) facts.get(tag.article_id)?.tagIds.push(tag.tag_id);
    return facts;
  }

  async findList(articleId: string): Promise<StoredRelated[]> {
    return (await this.findLists([articleId])).get(articleId) ?? [];
  }

  /** The stored lists of these articles (an article without one is left out). */
  async findLists(ids: string[]): Promise<Map<string, StoredRelated[]>> {
    const lists = new Map<string, StoredRelated[]>();
    for (const chunk of chunked([...new Set(ids)], 500)) {
      const rows = await this.db
        .selectFrom('related_articles')
        .select(['article_id', 'related_id', 'score'])
        .where('article_id', 'in', chunk)
        .orderBy('article_id')
        .orderBy('position')
        .execute();
      for (const row of rows)
        lists.set(row.article_id, [
          ...(lists.get(row.article_id) ?? []),
          { relatedId: row.related_id, score: Number(row.score) },
        ]);
    }
    return lists;
  }

  async replaceList(articleId: string, list: StoredRelated[]): Promise<void> {
    await this.db.deleteFrom('related_articles').where('article_id', '=', articleId).execute();
    if (list.length === 0) return;
    await this.db
      .insertInto('related_articles')
      .values(list.map((r, position) => ({ article_id: articleId, position, related_id: r.relatedId, score: r.score })))
      .execute();
  }

  /** Forgets an article's signature and list (it is no longer published, or no longer indexable); true if it had a list. */
  async forget(articleId: string): Promise<boolean> {
    await this.db.deleteFrom('related_signatures').where('article_id', '=', articleId).execute();
    await this.db.deleteFrom('related_terms').where('article_id', '=', articleId).execute();
    const result = await this.db.deleteFrom('related_articles').where('article_id', '=', articleId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Which of these articles are queued. */
  async findQueued(ids: string[]): Promise<Set<string>> {
    const queued = new Set<string>();
    for (const chunk of chunked([...new Set(ids)], 500)) {
      const rows = await this.db
        .selectFrom('related_pending')
        .select('article_id')
        .where('article_id', 'in', chunk)
        .execute();
      for (const row of rows) queued.add(row.article_id);
    }
    return queued;
  }
}
