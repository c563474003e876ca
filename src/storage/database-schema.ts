// Row shapes of every table, as Kysely sees them. Times are UTC ISO-8601 strings; booleans are 0/1.
import type { Kysely } from 'kysely';

export type PublicationRow = {
  id: string;
  name: string;
  tagline: string;
  description: string;
  locale: string;
  time_zone: string;
  logo_src: string | null;
  support_banner: string;
  newsletter_blurb: string;
  registration_court: string;
  registration_number: string;
  registration_date: string;
  editor_in_chief: string;
  publisher: string;
  vat_number: string;
  address: string;
  hosting_provider: string;
  /** 1: feeds carry each article's full text; 0: only its standfirst. */
  feed_full_text: number;
  changed_at: string;
};

export type PublicationPageRow = {
  kind: string;
  slug: string;
  title: string;
  description: string;
  body_markdown: string;
  body_html: string;
  updated_at: string;
};

export type AuthorRow = {
  id: string;
  slug: string;
  name: string;
  bio: string;
  photo_src: string | null;
  job_title: string;
  kind: string;
  created_at: string;
  changed_at: string;
};

export type SectionRow = {
  id: string;
  slug: string;
  name: string;
  description: string;
  position: number;
  created_at: string;
  changed_at: string;
};

export type TagRow = { id: string; slug: string; name: string; created_at: string };

export type ArticleRow = {
  id: string;
  slug: string;
  section_id: string;
  type: string;
  status: string;
  title: string;
  standfirst: string;
  dateline: string | null;
  body_markdown: string;
  body_html: string;
  image_src: string | null;
  image_alt: string | null;
  image_caption: string | null;
  image_credit: string | null;
  image_width: number | null;
  image_height: number | null;
  noindex: number;
  published_at: string | null;
  updated_at: string | null;
  created_at: string;
  changed_at: string;
};

export type ArticleAuthorRow = { article_id: string; author_id: string; position: number };
export type ArticleTagRow = { article_id: string; tag_id: string };
export type ArticleSourceRow = { article_id: string; position: number; name: string; kind: string; url: string | null };
export type ArticleCorrectionRow = { article_id: string; position: number; at: string; kind: string; text: string };
export type RedirectRow = { from_path: string; article_id: string; created_at: string };
export type ContentChangeRow = { id: string; keys: string; created_at: string };
/** `stage`: 'count' (term counts), then 'sign' (signature), then 'list' (related list); the row goes when done. */
export type RelatedPendingRow = { article_id: string; stage: string; published_at: string | null; marked_at: string };
/** `terms`: the signature as JSON, `[[term, weight], …]`, heaviest first. */
export type RelatedSignatureRow = { article_id: string; terms: string };
export type RelatedTermRow = { article_id: string; term: string; weight: number };
export type RelatedTermCountRow = { term: string; article_count: number };
export type RelatedArticleRow = { article_id: string; position: number; related_id: string; score: number };

export type JobRow = {
  id: string;
  kind: string;
  payload: string;
  unique_key: string | null;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
};

export type StaffUserRow = {
  id: string;
  email: string;
  display_name: string;
  role: string;
  password_hash: string;
  author_id: string | null;
  totp_secret: string | null;
  totp_confirmed_at: string | null;
  totp_last_step: number | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
};

export type StaffSessionRow = {
  id_hash: string;
  public_id: string;
  user_id: string;
  csrf_token: string;
  second_factor_pending: number;
  ip: string | null;
  user_agent: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
};

export type SignInThrottleRow = { key: string; failures: number; last_failure_at: string; locked_at: string | null };

export type StaffRecoveryCodeRow = { user_id: string; code_hash: string; used_at: string | null };

/** `details`: JSON object; `actor_id` null for the shell (CLI) and for sign-ins that named no account. */
export type AuditEventRow = {
  id: string;
  at: string;
  actor_id: string | null;
  actor_label: string;
  ip: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: string;
};

export type DatabaseSchema = {
  publication: PublicationRow;
  publication_pages: PublicationPageRow;
  authors: AuthorRow;
  sections: SectionRow;
  tags: TagRow;
  articles: ArticleRow;
  article_authors: ArticleAuthorRow;
  article_tags: ArticleTagRow;
  article_sources: ArticleSourceRow;
  article_corrections: ArticleCorrectionRow;
  redirects: RedirectRow;
  content_changes: ContentChangeRow;
  related_pending: RelatedPendingRow;
  related_signatures: RelatedSignatureRow;
  related_terms: RelatedTermRow;
  related_term_counts: RelatedTermCountRow;
  related_articles: RelatedArticleRow;
  jobs: JobRow;
  search_documents: SearchDocumentRow;
  staff_users: StaffUserRow;
  staff_recovery_codes: StaffRecoveryCodeRow;
  audit_events: AuditEventRow;
  staff_sessions: StaffSessionRow;
  sign_in_throttles: SignInThrottleRow;
};

/** `terms` and `pairs` exist on PostgreSQL only (written as SQL); SQLite keeps the text in the FTS5 table `search_text`. */
export type SearchDocumentRow = {
  rank_key: number | string;
  article_id: string;
  section_id: string;
  type: string;
  heading_terms: string;
};

export type Db = Kysely<DatabaseSchema>;
export type Dialect = 'sqlite' | 'postgres';
