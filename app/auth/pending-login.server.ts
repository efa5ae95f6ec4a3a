import { createCookie } from "@remix-run/node";
import { services } from "../services.server";

/**
 * Between a right password and a right second factor, the browser holds only this signed cookie:
 * who is half-way in, what is still asked of them, and for ten minutes. No session exists yet, so
 * nothing of the site opens until the code is given.
 */
export interface PendingLogin {
  userId: string;
  /** verify: give a code from the app; enrol: staff or admin without an app yet must set one up first. */
  stage: "verify" | "enrol";
  redirectTo: string;
  /** While enrolling: the new key, sealed with the site secret. */
  sealedKey?: string;
  expiresAt: number;
}

export const PENDING_LOGIN_MS = 10 * 60_000;

function pendingCookie() {
  const { config, secret, previousSecrets } = services();
  return createCookie("nerima_login", {
    path: "/login",
    httpOnly: true,
    sameSite: "lax",
    secure: config.publicUrl.startsWith("https:"),
    secrets: [secret, ...previousSecrets],
    maxAge: PENDING_LOGIN_MS / 1000,
  });
}

export async function readPendingLogin(request: Request, now: Date): Promise<PendingLogin | null> {
  const value = (await pendingCookie().parse(request.headers.get("Cookie"))) as PendingLogin | null;
  if (!value || typeof value.userId !== "string" || value.expiresAt < now.getTime()) return null;
  if (value.stage !== "verify" && value.stage !== "enrol") return null;
  return value;
}

export function pendingLoginCookie(value: Omit<PendingLogin, "expiresAt">, now: Date): Promise<string> {
  return pendingCookie().serialize({ ...value, expiresAt: now.getTime() + PENDING_LOGIN_MS });
}

export function clearPendingLoginCookie(): Promise<string> {
  return pendingCookie().serialize("", { maxAge: 0 });
}
