// The audit log's entries: who did what to which thing, when and from where. Written in the same transaction
// as the change it records, read by the owner.

/**
 * Who acted: a signed-in staff user; the shell (a `testata` command run on the server); or someone not signed
 * in (a failed sign-in), named by the address they typed.
 */
export type AuditActor =
  | { kind: 'staff'; id: string; label: string; ip: string | null }
  | { kind: 'shell'; label: string }
  | { kind: 'anonymous'; label: string; ip: string | null };

/** A signed-in staff user acting from `ip`, as the audit log names them. */
export function staffActor(user: { id: string; email: string }, ip: string): AuditActor {
  return { kind: 'staff', id: user.id, label: user.email, ip };
}

export type AuditEvent = {
  id: string;
  at: string;
  actorId: string | null;
  actorLabel: string;
  ip: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
};

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'actorId' | 'actorLabel' | 'ip'> & { actor: AuditActor };
