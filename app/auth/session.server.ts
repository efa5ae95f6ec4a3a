import { redirect } from "@remix-run/node";
import type { Session, User } from "lucia";
import type { Role } from "../../db/schema";
import { privacyPolicyVersion } from "../models/content-pages.server";
import { touchSession } from "../models/sessions.server";
import { services } from "../services.server";
import { forbidden } from "../utils/http.server";
import { requestScope } from "../utils/request-scope.server";
import { LAST_SEEN_PRECISION_MS, sessionOutlived } from "./session-limits";

export type SessionUser = User;

interface CurrentSession {
  user: User | null;
  session: Session | null;
  /** Set when Lucia extended or ended the session and the browser's cookie must follow. */
  setCookie: string | null;
}

// Loaders of one request run in parallel and each asks who is signed in: answer once per request.
const perRequest = new WeakMap<Request, Promise<CurrentSession>>();

export function currentSession(request: Request): Promise<CurrentSession> {
  const shared = requestScope();
  const key = `session:${request.headers.get("Cookie") ?? ""}`;
  let pending = (shared?.get(key) as Promise<CurrentSession> | undefined) ?? perRequest.get(request);
  if (!pending) {
    pending = readSession(request);
    perRequest.set(request, pending);
    shared?.set(key, pending);
  }
  return pending;
}

async function readSession(request: Request): Promise<CurrentSession> {
  const { lucia, db } = services();
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return { user: null, session: null, setCookie: null };
  const { session, user } = await lucia.validateSession(sessionId);
  const ended = { user: null, session: null, setCookie: lucia.createBlankSessionCookie().serialize() };
  if (!session) return ended;
  const now = new Date();
  if (sessionOutlived(user.role, session, now)) {
    await lucia.invalidateSession(session.id);
    return ended;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_PRECISION_MS) await touchSession(db, session.id, now);
  return { user, session, setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null };
}

export async function getUser(request: Request): Promise<User | null> {
  return (await currentSession(request)).user;
}

function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

/**
 * First line of any loader or action that needs a signed-in person: visitors are sent to log in.
 * Someone who has not agreed to the privacy policy in force (an older account, or the policy has
 * changed) is asked to, on their next page, and then sent on. A form being sent is let through:
 * what was typed is never lost to the question.
 */
export async function requireUser(request: Request): Promise<{ user: User; session: Session }> {
  const { user, session } = await currentSession(request);
  if (!user || !session) throw loginRedirect(request);
  if (request.method === "GET" && user.privacyVersion !== privacyPolicyVersion()) {
    const url = new URL(request.url);
    throw redirect(`/consent?redirectTo=${encodeURIComponent(`${url.pathname}${url.search}`)}`);
  }
  return { user, session };
}

// Which roles satisfy a requirement: an admin may do what staff do; reviewer and staff are separate.
const GRANTS: Record<Role, readonly Role[]> = {
  member: ["member"],
  reviewer: ["member", "reviewer"],
  staff: ["member", "staff"],
  admin: ["member", "staff", "admin"],
};

export function hasRole(user: Pick<User, "role">, role: Role): boolean {
  return GRANTS[user.role].includes(role);
}

/** Visitors go to log in; a signed-in person without the role gets 403. */
export async function requireRole(request: Request, role: Role): Promise<{ user: User; session: Session }> {
  const current = await requireUser(request);
  if (!hasRole(current.user, role)) throw forbidden();
  return current;
}

/** Acting for an organisation needs a confirmed address: an unverified account gets 403. */
export async function requireVerifiedUser(request: Request): Promise<{ user: User; session: Session }> {
  const current = await requireUser(request);
  if (!current.user.emailVerified) throw forbidden();
  return current;
}

/** Starts a session, noting the browser and address it began from (shown on /me). */
export async function sessionCookieFor(
  userId: string,
  request: Request,
  clientAddress: string | null,
): Promise<string> {
  const { lucia } = services();
  const session = await lucia.createSession(userId, {
    user_agent: request.headers.get("User-Agent")?.slice(0, 300) ?? null,
    client_address: clientAddress,
  });
  return lucia.createSessionCookie(session.id).serialize();
}

export function blankSessionCookie(): string {
  return services().lucia.createBlankSessionCookie().serialize();
}

export async function endSession(request: Request): Promise<string> {
  const { lucia } = services();
  const { session } = await currentSession(request);
  if (session) await lucia.invalidateSession(session.id);
  return lucia.createBlankSessionCookie().serialize();
}

/**
 * Who may read the outbox (/dev/mail), which shows every verification and reset link: anyone on
 * the demo database without a mail server; an admin on a real install without one; nobody else.
 */
export function canReadOutbox(user: User | null): boolean {
  const { config, demoMailbox } = services();
  if (demoMailbox) return true;
  return !config.smtpUrl && user !== null && hasRole(user, "admin");
}
