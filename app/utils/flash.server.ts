import { createCookie, redirect } from "@remix-run/node";
import { isMessageKey, type MessageKey } from "~/i18n";

// Holds only a catalog key, never user text, so an unsigned cookie cannot be used to inject content.
const flashCookie = createCookie("flash", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 120 });

export async function redirectWithFlash(to: string, message: MessageKey, init: { headers?: HeadersInit } = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await flashCookie.serialize(message));
  return redirect(to, { headers });
}

/** Reads the one-time message and returns the header that clears it. */
export async function takeFlash(request: Request): Promise<{ message: MessageKey | null; setCookie: string | null }> {
  const value = await flashCookie.parse(request.headers.get("Cookie"));
  if (typeof value !== "string") return { message: null, setCookie: null };
  return {
    message: isMessageKey(value) ? value : null,
    setCookie: await flashCookie.serialize("", { maxAge: 0 }),
  };
}
