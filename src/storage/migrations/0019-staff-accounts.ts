// The back office's people: staff accounts (role, password hash, second factor), their single-use recovery
// codes, their sessions, the failed sign-in counters, and the audit log every back-office write and sign-in is
// recorded in.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Stored normalised (trimmed, lower-case), so the unique constraint is the one rule for "same person".
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('authors.id').onDelete('set null'))
    .addColumn('totp_secret', 'text')
    .addColumn('totp_confirmed_at', 'text')
    // The last 30-second step whose code was accepted: a code is good once, never replayed.
    .addColumn('totp_last_step', 'integer')
    .addColumn('disabled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // The roles as they are today, written out: a migration must not change when the domain's list does.
    .addCheckConstraint('staff_users_role', sql`role in ('owner', 'editor', 'author', 'contributor')`)
    .execute();

  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('staff_recovery_codes_key', ['user_id', 'code_hash'])
    .execute();

  // The id a browser holds is never stored: only its SHA-256, so a copy of the table signs nobody in.
  await db.schema
    .createTable('staff_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    // What the session is called where it is listed and revoked: never the id itself, nor its hash.
    .addColumn('public_id', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    // 1 until the second factor is given: such a session authenticates nothing.
    .addColumn('second_factor_pending', 'integer', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('staff_sessions_by_user')
    .on('staff_sessions')
    .columns(['user_id', 'created_at'])
    .execute();

  // Failed sign-ins per key ('account:<email>' or 'ip:<address>'), shared by every process.
  await db.schema
    .createTable('sign_in_throttles')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'text')
    .execute();

  // No foreign key to staff_users: the log outlives what it describes and is never rewritten.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('audit_events_by_time').on('audit_events').column('at').execute();
  await db.schema.createIndex('audit_events_by_actor').on('audit_events').columns(['actor_id', 'at']).execute();
}
