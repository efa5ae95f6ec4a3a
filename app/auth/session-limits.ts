import type { Role } from "../../db/schema";

/**
 * How long a session lasts. Staff, admin and reviewer accounts see personal data and decide on
 * public money: their sessions end after 30 minutes without a request and 12 hours in all, so a
 * shared office PC left signed in is not an open door for long. Members keep 30 days (Lucia's own
 * expiry), so an association officer on an old phone is not asked to log in every visit.
 */
export const ELEVATED_IDLE_MS = 30 * 60_000;
export const ELEVATED_ABSOLUTE_MS = 12 * 3600_000;
/** last_seen_at is written at most this often, not on every request. */
export const LAST_SEEN_PRECISION_MS = 60_000;

export function hasShortSessions(role: Role): boolean {
  return role !== "member";
}

export function sessionOutlived(role: Role, session: { createdAt: Date; lastSeenAt: Date }, now: Date): boolean {
  if (!hasShortSessions(role)) return false;
  return (
    now.getTime() - session.lastSeenAt.getTime() > ELEVATED_IDLE_MS ||
    now.getTime() - session.createdAt.getTime() > ELEVATED_ABSOLUTE_MS
  );
}
