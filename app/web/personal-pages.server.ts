import { currentSession } from "../auth/session.server";
import { privacyPolicyVersion } from "../models/content-pages.server";
import { unreadCount } from "../models/notifications.server";
import { services } from "../services.server";
import { requestScope } from "../utils/request-scope.server";

/**
 * A person's unread notices, read once per request: the header's badge (root's loader) and the
 * key of a kept review page both need it.
 */
export function unreadForRequest(userId: string): Promise<number> {
  const shared = requestScope();
  const key = `unread:${userId}`;
  let pending = shared?.get(key) as Promise<number> | undefined;
  if (!pending) {
    pending = unreadCount(services().db, userId);
    shared?.set(key, pending);
  }
  return pending;
}

/**
 * Whose kept review page a request may get (page-cache.server.ts, `personalKeyFor`), checked on
 * every request before the cache is asked: the session is validated as a loader would (the answer
 * is shared with the loaders, so a page rendered after a miss checks it once). Null when the page
 * must be rendered: no valid session, a cookie to renew, the privacy policy to agree to.
 *
 * Everything else a page shows comes from tables whose every change empties the cache (role,
 * assignment, memberships, reviews, decisions — and the audit entries written with them); only the
 * unread count comes from a quiet table, so it is part of the key.
 */
export async function personalStamp(request: Request): Promise<string | null> {
  const { user, session, setCookie } = await currentSession(request);
  if (!user || !session || setCookie !== null) return null;
  if (user.privacyVersion !== privacyPolicyVersion()) return null;
  return `${user.id}\n${await unreadForRequest(user.id)}`;
}
