// One line of an import file (the format bench/generate-articles.mjs writes), with the optional fields a real
// archive carries (several authors, images, corrections, noindex, former paths).
import { z } from 'zod';
import { articleStatuses, articleTypes, authorKinds, correctionKinds, sourceKinds } from './article.ts';
import { controlCharacterProblem } from './control-characters.ts';
import type { FieldProblem } from './errors.ts';
import { reservedSlugs } from './reader-paths.ts';
import { parseWith } from './schema-validation.ts';
import { isSlug } from './slug.ts';

/** A string without control characters (control-characters.ts); every text field starts from it. */
const plainString = z.string().superRefine((value, context) => {
  const problem = controlCharacterProblem(value);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
const slug = z
  .string()
  .refine(
    isSlug,
    'must be lowercase letters, digits and hyphens, starting and ending with a letter or digit (at most 120 characters)',
  );
const ownSlug = slug.refine((value) => !reservedSlugs.has(value), 'is a name the site reserves for its own pages');
const isoInstant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/,
    'must be an ISO-8601 date and time with a zone, e.g. 2023-06-04T16:05:00Z',
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real date')
  .transform((value) => new Date(value).toISOString());
const text = (max: number) => plainString.trim().max(max, `must be at most ${max} characters`);
const requiredText = (max: number) => text(max).min(1, 'must not be empty');
const mediaSrc = plainString
  .max(2000)
  .refine(
    (value) => /^(https?:\/\/|\/)/.test(value) && !value.startsWith('//'),
    'must be an http(s) URL or a path starting with /',
  );

const authorReference = z.object({
  slug,
  name: requiredText(200),
  bio: text(5000).optional(),
  photo: mediaSrc.nullish(),
  job_title: text(200).optional(),
  kind: z.enum(authorKinds).optional(),
});

const sourceReference = z.union([
  requiredText(300).transform((name) => ({ name, kind: 'agency' as const, url: null })),
  z.object({
    name: requiredText(300),
    kind: z.enum(sourceKinds).default('other'),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .nullish()
      .transform((url) => url ?? null),
  }),
]);

export const articleImportRecordSchema = z
  .object({
    slug: ownSlug,
    title: requiredText(300),
    subtitle: text(1000).nullish(),
    standfirst: text(1000).nullish(),
    dateline: text(80).nullish(),
    section: ownSlug,
    section_name: requiredText(100).optional(),
    type: z.enum(articleTypes),
    status: z.enum(articleStatuses).default('published'),
    author: authorReference.optional(),
    authors: z.array(authorReference).min(1, 'must list at least one author').max(20).optional(),
    tags: z
      .array(z.union([slug, z.object({ slug, name: requiredText(100) })]))
      .max(50)
      .default([]),
    sources: z.array(sourceReference).max(100).default([]),
    published_at: isoInstant.nullish(),
    updated_at: isoInstant.nullish(),
    body_markdown: plainString,
    image: z
      .object({
        src: mediaSrc,
        alt: text(500),
        caption: text(1000).nullish(),
        credit: text(300).nullish(),
        width: z.number().int().positive().max(20000),
        height: z.number().int().positive().max(20000),
      })
      .nullish(),
    corrections: z
      .array(z.object({ at: isoInstant, kind: z.enum(correctionKinds), text: requiredText(5000) }))
      .max(100)
      .default([]),
    noindex: z.boolean().default(false),
    former_paths: z.array(plainString.startsWith('/', 'must start with /').max(2000)).max(50).default([]),
  })
  .superRefine((record, context) => {
    if (!record.author && !record.authors) {
      context.addIssue({ code: 'custom', path: ['author'], message: 'is required (or "authors")' });
    }
    if (record.status === 'published' && !record.published_at) {
      context.addIssue({ code: 'custom', path: ['published_at'], message: 'is required for a published article' });
    }
  });

export type ArticleImportRecord = z.output<typeof articleImportRecordSchema>;

/** Validates one parsed line; returns the record or the problems, each naming its field. */
export function parseArticleImportRecord(
  value: unknown,
): { ok: true; record: ArticleImportRecord } | { ok: false; problems: FieldProblem[] } {
  const result = parseWith(articleImportRecordSchema, value, '(line)');
  return result.ok ? { ok: true, record: result.value } : { ok: false, problems: result.error.details.problems ?? [] };
}
