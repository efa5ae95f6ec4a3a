import type { Kysely } from "kysely";
import { createVerifiedUser } from "../app/models/accounts.server";
import { recordSecurityEvent } from "../app/models/audit.server";
import { secondFactorRequired } from "../app/models/two-factor.server";
import { newTotpKey, sealTotpKey } from "../app/utils/totp.server";
import type { Database, Role, User } from "./schema";
import { seedOrganizations } from "./seed-organizations";
import { seedProposals } from "./seed-proposals";
import { seedProjects, seedReviews, seedStoppedProject } from "./seed-reviews";
import { seedThemes } from "./seed-themes";

/** Known to everyone who reads the README: only ever seeded into the embedded demo database. */
export const DEMO_PASSWORD = "nerima-demo-2026";

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; note: string }[] = [
  { email: "admin@example.jp", name: "練馬 システム管理者", role: "admin", note: "管理者（アカウントと役割の管理）" },
  {
    email: "staff@example.jp",
    name: "協働 推子（協働推進課）",
    role: "staff",
    note: "区職員（テーマ・審査・事業の管理）",
  },
  {
    email: "kakaricho@example.jp",
    name: "決定 正子（協働推進課 係長）",
    role: "staff",
    note: "区職員（利害関係のある職員に代わって採否を決める）",
  },
  { email: "reviewer@example.jp", name: "審査 一郎", role: "reviewer", note: "審査委員" },
  { email: "chokai@example.jp", name: "石神井 茂（町会長）", role: "member", note: "会員：石神井台三丁目町会の代表者" },
  {
    email: "npo@example.jp",
    name: "大泉 さくら（NPO職員）",
    role: "member",
    note: "会員：NPO法人 ねりま子ども応援団の代表者",
  },
  {
    email: "musume@example.jp",
    name: "石神井 花子（町会長の家族）",
    role: "member",
    note: "代理入力者：石神井台三丁目町会の下書きを入力できる（提出は代表者）",
  },
];

const SEEDED_KEY = "demo_seeded_at";

/** Seeds once per database; the marker row makes a restart keep what people changed in the demo. */
export async function seedDemoIfNew(
  db: Kysely<Database>,
  ctx: { publicUrl: string; secret: string },
): Promise<boolean> {
  const marker = await db.selectFrom("app_settings").select("value").where("key", "=", SEEDED_KEY).executeTakeFirst();
  if (marker) return false;
  const users: Record<string, User> = {};
  for (const account of DEMO_ACCOUNTS) {
    users[account.email] = await createVerifiedUser(db, { ...account, password: DEMO_PASSWORD });
    // Staff and admin must sign in with a second factor; on the demo the log-in page shows their code.
    if (secondFactorRequired(account.role)) {
      await db
        .updateTable("users")
        .set({ totp_key_sealed: sealTotpKey(newTotpKey(), ctx.secret), totp_enabled_at: new Date() })
        .where("id", "=", users[account.email].id)
        .execute();
      await recordSecurityEvent(db, "security.two_factor_enabled", users[account.email].id);
    }
  }
  await seedOrganizations(db, {
    chokai: users["chokai@example.jp"],
    npo: users["npo@example.jp"],
    staff: users["staff@example.jp"],
    extraPassword: DEMO_PASSWORD,
  });
  await seedThemes(
    db,
    { staff: users["staff@example.jp"], chokai: users["chokai@example.jp"], npo: users["npo@example.jp"] },
    ctx,
  );
  // The association's listing for an event venue names the open theme its team means to apply to
  // (the board's theme filter and the theme's 「連携相手を募集している団体」 link show it).
  const openTheme = await db
    .selectFrom("themes")
    .select("id")
    .where("title", "=", "町会・自治会の担い手を広げる協働事業")
    .executeTakeFirst();
  await db
    .updateTable("partner_listings")
    .set({ theme_id: openTheme?.id ?? null })
    .where("title", "=", "子ども食堂の会場を貸してくださる町会・自治会を募集")
    .execute();
  // 早宮二丁目自治会's representative agreed to an earlier privacy policy: asked again at the next log-in.
  await db
    .updateTable("users")
    .set({ privacy_version: "2025-04-01" })
    .where("email", "=", "hayamiya@example.jp")
    .execute();
  await seedProposals(db, ctx.publicUrl);
  await seedReviews(db, ctx.publicUrl);
  await seedProjects(db, ctx.publicUrl);
  await seedStoppedProject(db, ctx.publicUrl);
  await db.insertInto("app_settings").values({ key: SEEDED_KEY, value: new Date().toISOString() }).execute();
  return true;
}

export async function isDemoSeeded(db: Kysely<Database>): Promise<boolean> {
  const marker = await db.selectFrom("app_settings").select("value").where("key", "=", SEEDED_KEY).executeTakeFirst();
  return marker !== undefined;
}
