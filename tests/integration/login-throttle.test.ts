import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, createVerifiedUser } from "~/models/accounts.server";
import { ACCOUNT_FAILURE_LIMIT, ADDRESS_FAILURE_LIMIT, THROTTLE_LOCK_MS } from "~/models/login-throttle.server";
import { createTestDatabase } from "../support/database";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  await createVerifiedUser(handle.db, {
    email: "target@example.jp",
    name: "標的",
    password: "the right password",
    role: "member",
  });
  await createVerifiedUser(handle.db, {
    email: "other@example.jp",
    name: "別人",
    password: "the right password",
    role: "member",
  });
});
afterAll(() => handle.cleanup());

const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

function attempt(email: string, password: string, now: Date, clientAddress: string | null = "203.0.113.1") {
  return authenticate(handle.db, { email, password, clientAddress, now });
}

describe("failed log-in throttle", () => {
  it("locks an account after repeated failures, even for the right password, and releases it later", async () => {
    const start = new Date("2026-12-01T10:00:00Z");
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      // Different addresses: the per-account limit must hold across clients.
      expect(await attempt("target@example.jp", "wrong", at(start, i * 1000), `198.51.100.${i}`)).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    const locked = await attempt("target@example.jp", "the right password", at(start, 10_000), "198.51.100.99");
    expect(locked).toMatchObject({ ok: false, reason: "throttled" });
    if (locked.ok || locked.reason !== "throttled") return;
    expect(locked.until.getTime()).toBe(at(start, 4000 + THROTTLE_LOCK_MS).getTime());

    // Another account is not affected.
    expect((await attempt("other@example.jp", "the right password", at(start, 11_000), "198.51.100.98")).ok).toBe(true);

    const afterLock = await attempt("target@example.jp", "the right password", at(start, 4000 + THROTTLE_LOCK_MS + 1));
    expect(afterLock.ok).toBe(true);
  });

  it("forgets failures once the window has passed, and a success resets the count", async () => {
    const start = new Date("2026-12-02T10:00:00Z");
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++) await attempt("other@example.jp", "wrong", at(start, i * 1000));
    // Twenty minutes later the old failures no longer count.
    const later = at(start, 20 * 60_000);
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++) await attempt("other@example.jp", "wrong", at(later, i * 1000));
    expect((await attempt("other@example.jp", "the right password", at(later, 10_000))).ok).toBe(true);
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++)
      await attempt("other@example.jp", "wrong", at(later, 20_000 + i));
    expect((await attempt("other@example.jp", "the right password", at(later, 30_000))).ok).toBe(true);
  });

  it("locks a client address that tries many accounts", async () => {
    const start = new Date("2026-12-03T10:00:00Z");
    for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i++) {
      await attempt(`guess${i}@example.jp`, "wrong", at(start, i * 100), "192.0.2.7");
    }
    const fromSameAddress = await attempt("other@example.jp", "the right password", at(start, 5000), "192.0.2.7");
    expect(fromSameAddress).toMatchObject({ ok: false, reason: "throttled" });
    const fromElsewhere = await attempt("other@example.jp", "the right password", at(start, 5000), "192.0.2.8");
    expect(fromElsewhere.ok).toBe(true);
  });

  it("counts failures that arrive at the same moment", async () => {
    await createVerifiedUser(handle.db, {
      email: "burst@example.jp",
      name: "連打",
      password: "the right password",
      role: "member",
    });
    const now = new Date("2026-12-04T10:00:00Z");
    await Promise.all(
      Array.from({ length: ACCOUNT_FAILURE_LIMIT }, (_, i) =>
        attempt("burst@example.jp", "wrong", now, `198.18.0.${i}`),
      ),
    );
    expect(await attempt("burst@example.jp", "the right password", at(now, 1000), "198.18.1.1")).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });
});
