// The audit log: append-only rows, newest first when read.
import type { AuditEvent, NewAuditEvent } from '../../domain/staff/audit-event.ts';
import type { Db } from '../database.ts';

export class AuditEventRepository {
  constructor(
    private readonly db: Db,
    private readonly newId: () => string,
  ) {}

  async append(event: NewAuditEvent): Promise<void> {
    const { actor } = event;
    await this.db
      .insertInto('audit_events')
      .values({
        id: this.newId(),
        at: event.at,
        actor_id: actor.kind === 'staff' ? actor.id : null,
        actor_label: actor.label,
        ip: actor.kind === 'shell' ? null : actor.ip,
        action: event.action,
        subject_type: event.subjectType,
        subject_id: event.subjectId,
        details: JSON.stringify(event.details),
      })
      .execute();
  }

  /** The newest `limit` events, newest first. */
  async listNewest(limit: number): Promise<AuditEvent[]> {
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      actorId: row.actor_id,
      actorLabel: row.actor_label,
      ip: row.ip,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }));
  }
}
