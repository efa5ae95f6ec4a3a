import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "~/models/account-credentials.server";
import { createVerifiedUser } from "~/models/accounts.server";
import {
  ACCOUNT_SLOWDOWN_AFTER,
  ADDRESS_ATTEMPT_LIMIT,
  accountSlowdownMs,
  PAIR_ATTEMPT_LIMIT,
  THROTTLE_LOCK_MS,
} from "~/models/login-throttle.server";
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

function attempt(
  email: string,
  password: string,
  now: Date,
  clientAddress: string | null = "203.0.113.1",
  pause: (ms: number) => Promise<void> = async () => {},
) {
  return authenticate(handle.db, { email, password, clientAddress, now, pause });
}

describe("log-in throttle", () => {
  it("locks one account from one address after five tries, even for the right password, and releases it later", async () => {
    const start = new Date("2026-12-01T10:00:00Z");
    for (let i = 0; i < PAIR_ATTEMPT_LIMIT; i++) {
      expect(await attempt("target@example.jp", "wrong", at(start, i * 1000))).toEqual({
        ok: false,
        problem: "invalid",
      });
    }
    const locked = await attempt("target@example.jp", "the right password", at(start, 10_000));
    expect(locked).toMatchObject({ ok: false, problem: "throttled" });
    if (locked.ok || locked.problem !== "throttled") return;
    expect(locked.until.getTime()).toBe(at(start, 10_000 + THROTTLE_LOCK_MS).getTime());

    // The owner, from their own address, is not locked out by someone else's guesses.
    expect((await attempt("target@example.jp", "the right password", at(start, 11_000), "198.51.100.50")).ok).toBe(
      true,
    );
    // Another account from the guessing address is not affected either.
    expect((await attempt("other@example.jp", "the right password", at(start, 12_000))).ok).toBe(true);

    const afterLock = await attempt(
      "target@example.jp",
      "the right password",
      at(start, 10_000 + THROTTLE_LOCK_MS + 1),
    );
    expect(afterLock.ok).toBe(true);
  });

  it("only slows an account down for failures from many addresses, never locks its owner out", async () => {
    const start = new Date("2026-12-01T12:00:00Z");
    const pauses: number[] = [];
    const record = async (ms: number) => {
      pauses.push(ms);
    };
    for (let i = 0; i < ACCOUNT_SLOWDOWN_AFTER + 4; i++) {
      await attempt("target@example.jp", "wrong", at(start, i * 1000), `198.51.100.${i}`, record);
    }
    expect(pauses.length).toBeGreaterThan(0);
    pauses.length = 0;
    const owner = await attempt("target@example.jp", "the right password", at(start, 20_000), "192.0.2.200", record);
    expect(owner.ok).toBe(true);
    expect(pauses).toEqual([accountSlowdownMs(ACCOUNT_SLOWDOWN_AFTER + 4)]);
    expect(accountSlowdownMs(ACCOUNT_SLOWDOWN_AFTER)).toBe(0);
    expect(accountSlowdownMs(1000)).toBe(5000);
    // The success cleared the account's failures: no pause on the next attempt.
    pauses.length = 0;
    await attempt("target@example.jp", "the right password", at(start, 21_000), "192.0.2.200", record);
    expect(pauses).toEqual([]);
  });

  it("forgets attempts once the window has passed, and a success resets the count", async () => {
    const start = new Date("2026-12-02T10:00:00Z");
    for (let i = 0; i < PAIR_ATTEMPT_LIMIT - 1; i++) await attempt("other@example.jp", "wrong", at(start, i * 1000));
    // Twenty minutes later the old attempts no longer count.
    const later = at(start, 20 * 60_000);
    for (let i = 0; i < PAIR_ATTEMPT_LIMIT - 1; i++) await attempt("other@example.jp", "wrong", at(later, i * 1000));
    expect((await attempt("other@example.jp", "the right password", at(later, 10_000))).ok).toBe(true);
    for (let i = 0; i < PAIR_ATTEMPT_LIMIT - 1; i++) await attempt("other@example.jp", "wrong", at(later, 20_000 + i));
    expect((await attempt("other@example.jp", "the right password", at(later, 30_000))).ok).toBe(true);
  });

  it("locks a client address that tries many accounts", async () => {
    const start = new Date("2026-12-03T10:00:00Z");
    for (let i = 0; i < ADDRESS_ATTEMPT_LIMIT; i++) {
      await attempt(`guess${i}@example.jp`, "wrong", at(start, i * 100), "192.0.2.7");
    }
    const fromSameAddress = await attempt("other@example.jp", "the right password", at(start, 5000), "192.0.2.7");
    expect(fromSameAddress).toMatchObject({ ok: false, problem: "throttled" });
    const fromElsewhere = await attempt("other@example.jp", "the right password", at(start, 5000), "192.0.2.8");
    expect(fromElsewhere.ok).toBe(true);
  });

  it("lets no more than the limit through when 41 guesses arrive at once", async () => {
    await createVerifiedUser(handle.db, {
      email: "burst@example.jp",
      name: "連打",
      password: "the right password",
      role: "member",
    });
    const now = new Date("2026-12-04T10:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 41 }, () => attempt("burst@example.jp", "wrong", now, "198.18.0.1")),
    );
    expect(results.filter((r) => !r.ok && r.problem === "invalid")).toHaveLength(PAIR_ATTEMPT_LIMIT);
    expect(results.filter((r) => !r.ok && r.problem === "throttled")).toHaveLength(41 - PAIR_ATTEMPT_LIMIT);
    expect(await attempt("burst@example.jp", "the right password", at(now, 1000), "198.18.0.1")).toMatchObject({
      ok: false,
      problem: "throttled",
    });
  });
});
