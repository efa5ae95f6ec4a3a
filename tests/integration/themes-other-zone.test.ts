// The server process runs in another time zone: set before anything that touches dates is loaded.
const originalTimeZone = process.env.TZ;
process.env.TZ = "America/Los_Angeles";

// Only vitest (and types, which vanish at compile time) are imported statically: static imports are
// evaluated before this file's first line, so the modules under test are loaded below, after TZ is set.
import type * as Kysely from "kysely";
import type * as Valibot from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as AccountsModule from "~/models/accounts.server";
import type * as SubscriptionsModule from "~/models/subscriptions.server";
import type * as RulesModule from "~/models/theme-rules";
import type * as SchemasModule from "~/models/theme-schemas";
import type * as ThemesModule from "~/models/themes.server";
import type * as JapanTimeModule from "~/utils/japan-time";
import type * as DatabaseSupport from "../support/database";

let v: typeof Valibot;
let sql: typeof Kysely.sql;
let rules: typeof RulesModule;
let japanTime: typeof JapanTimeModule;
let schemas: typeof SchemasModule;
let themes: typeof ThemesModule;
let accounts: typeof AccountsModule;
let subscriptions: typeof SubscriptionsModule;
let handle: Awaited<ReturnType<typeof DatabaseSupport.createTestDatabase>>;

beforeAll(async () => {
  v = await import("valibot");
  sql = (await import("kysely")).sql;
  rules = await import("~/models/theme-rules");
  japanTime = await import("~/utils/japan-time");
  schemas = await import("~/models/theme-schemas");
  themes = await import("~/models/themes.server");
  accounts = await import("~/models/accounts.server");
  subscriptions = await import("~/models/subscriptions.server");
  const { createTestDatabase } = await import("../support/database");
  handle = await createTestDatabase();
});
afterAll(async () => {
  if (handle) await (await import("../support/database")).dropTestDatabase(handle);
  if (originalTimeZone === undefined) delete process.env.TZ;
  else process.env.TZ = originalTimeZone;
});

const justBeforeMidnight = new Date("2026-12-24T14:59:59.500Z"); // 24 Dec 23:59:59.5 in Japan, 06:59 in LA
const midnight = new Date("2026-12-24T15:00:00.000Z"); // 25 Dec 00:00:00 in Japan, 24 Dec 07:00 in LA

describe("a server running in Los Angeles", () => {
  it("really runs in Los Angeles time", () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe("America/Los_Angeles");
    expect(new Date("2026-12-24T15:00:00.000Z").getTimezoneOffset()).toBe(480); // PST, UTC−8
    expect(new Date("2026-12-24T15:00:00.000Z").getDate()).toBe(24); // still the 24th locally
  });

  it("still reads and writes form dates as Japan time", () => {
    expect(japanTime.parseTokyoDateTime("2026-12-24T23:59:59")?.toISOString()).toBe("2026-12-24T14:59:59.000Z");
    expect(japanTime.parseTokyoDateTime("2027-02-30T10:00")).toBeNull();
    expect(japanTime.toTokyoDateTimeInput(new Date("2026-12-24T14:59:00.000Z"))).toBe("2026-12-24T23:59");
    // 24 Dec 16:00 in Japan is still 23 Dec in LA: the last day all the same.
    expect(japanTime.daysLeft(new Date("2026-12-24T14:59:59.000Z"), new Date("2026-12-24T07:00:00.000Z"))).toBe(0);
    expect(japanTime.daysLeft(new Date("2026-12-24T14:59:59.000Z"), new Date("2026-12-23T14:59:59.000Z"))).toBe(1);
  });

  it("keeps a theme stored with a 23:59:59 Japan-time deadline open through that second and closed at 00:00:00", async () => {
    const staff = await accounts.createVerifiedUser(handle.db, {
      email: "zone-staff@example.jp",
      name: "時差 職員",
      password: "long enough password",
      role: "staff",
    });
    const subscriber = await accounts.createVerifiedUser(handle.db, {
      email: "zone-member@example.jp",
      name: "時差 会員",
      password: "long enough password",
      role: "member",
    });
    await subscriptions.setSubscriptions(handle.db, { userId: subscriber.id, fields: [], courses: ["collabo"] });

    const values = v.parse(schemas.themeSchema, {
      courseId: "collabo",
      title: "時差のあるサーバーでの締切",
      summary: "締切の境界を確かめます。",
      background: "背景",
      expectations: "期待",
      department: "区民部 協働推進課",
      contact: "協働推進課",
      grantCapPerYear: "300,000",
      grantCapTotal: "300,000",
      subsidyRatePercent: "100",
      durationYears: "1",
      awardsPlanned: "1",
      minOrganizations: "1",
      declaration: "誓約します。",
      opensAt: "2026-12-01T00:00",
      closesAt: "2026-12-24T23:59:59",
    });
    const criteria = [{ name: "適合性", description: "", weight: 100, maxScore: 5 }];
    const closesAt = japanTime.parseTokyoDateTime("2026-12-24T23:59:59");
    expect(closesAt).not.toBeNull();

    const viaForm = await themes.createTheme(handle.db, { staffId: staff.id, values, criteria, now: new Date() });
    const direct = await themes.createTheme(handle.db, {
      staffId: staff.id,
      values: { ...values, title: "直接の締切", closesAt: closesAt! },
      criteria,
      now: new Date(),
    });

    for (const id of [viaForm, direct]) {
      const published = await themes.publishTheme(
        handle.db,
        { themeId: id, staffId: staff.id },
        { publicUrl: "http://lab.test", locale: "ja", now: new Date("2026-11-20T00:00:00Z"), secret: "zone-secret" },
      );
      expect(published).toEqual({ ok: true, announced: 1 });

      const theme = await themes.getTheme(handle.db, id);
      if (!theme) throw new Error("theme not found");
      expect(theme.closes_at.toISOString()).toBe("2026-12-24T14:59:59.000Z");
      expect(theme.opens_at.toISOString()).toBe("2026-11-30T15:00:00.000Z");
      expect(rules.themePhase(theme, justBeforeMidnight)).toBe("open");
      expect(rules.themePhase(theme, midnight)).toBe("closed");
      expect(rules.themePhase(theme, new Date("2026-11-30T14:59:59.999Z"))).toBe("upcoming");
      expect(rules.themePhase(theme, new Date("2026-11-30T15:00:00.000Z"))).toBe("open");

      // What the database itself holds, read in Japan time by the database, not by this process.
      const stored = await sql<{ local: string }>`
        select to_char(closes_at at time zone 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI:SS') as local from themes where id = ${id}
      `.execute(handle.db);
      expect(stored.rows[0].local).toBe("2026-12-24 23:59:59");
    }

    // The announcement states the deadline in Japan time, not in the server's.
    const mail = await handle.db
      .selectFrom("mail_outbox")
      .select(["text"])
      .where("to_address", "=", subscriber.email)
      .where("template", "=", "theme-published")
      .execute();
    expect(mail).toHaveLength(2);
    for (const m of mail) {
      expect(m.text).toContain("2026年12月24日");
      expect(m.text).toContain("23:59");
      expect(m.text).not.toContain("06:59");
    }
  });
});
