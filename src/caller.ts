export type Role = 'analyst' | 'approver' | 'admin';

/**
 * Who is calling: a court and a role. `courtId` null stands for the Supreme People's Court, which
 * is matched to the `supreme` court of whatever tree a request carries.
 */
export interface Caller {
  keyId: string;
  user: string;
  courtId: string | null;
  role: Role;
}

/** The actor recorded in audit entries, approvals and overrides. */
export const actorOf = (caller: Caller) => ({ user: caller.user, keyId: caller.keyId, courtId: caller.courtId });
