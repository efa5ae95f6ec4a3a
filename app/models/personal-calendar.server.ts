/**
 * A person's own calendar feed, at a secret address a calendar app can poll without signing in:
 * the deadlines of their drafts and of the themes announced to them, their projects' milestones,
 * the review deadlines and presentation rounds they take part in.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { endOfTokyoDay } from "../utils/japan-time";
import { proposalsWithTheme } from "./joins.server";

/** The feed's secret, made on first request; `renew` replaces it (the old address stops working). */
export async function calendarToken(db: Kysely<Database>, userId: string, renew = false): Promise<string> {
  if (!renew) {
    const row = await db.selectFrom("users").select("calendar_token").where("id", "=", userId).executeTakeFirst();
    if (row?.calendar_token) return row.calendar_token;
  }
  const token = randomBytes(24).toString("base64url");
  await db.updateTable("users").set({ calendar_token: token }).where("id", "=", userId).execute();
  return token;
}

/** Whose feed this secret opens; null for an unknown one. */
export async function calendarOwner(db: Kysely<Database>, token: string) {
  if (!/^[\w-]{32}$/.test(token)) return null;
  return (
    (await db.selectFrom("users").select(["id", "locale"]).where("calendar_token", "=", token).executeTakeFirst()) ??
    null
  );
}

export type PersonalMoment =
  | { kind: "draftDeadline"; id: string; title: string; at: Date; link: string }
  | { kind: "themeDeadline"; id: string; title: string; at: Date; link: string }
  | { kind: "milestone"; id: string; title: string; project: string; at: Date; link: string }
  | { kind: "reviewDeadline"; id: string; title: string; at: Date; link: string }
  | { kind: "presentation"; id: string; title: string; at: Date; link: string };

/** What is ahead for this person, from `now` (five queries, whatever they take part in). */
export async function personalMoments(db: Kysely<Database>, userId: string, now: Date): Promise<PersonalMoment[]> {
  const myOrganizations = db.selectFrom("organization_members").select("organization_id").where("user_id", "=", userId);
  const myProposals = db
    .selectFrom("proposal_partners")
    .select("proposal_id")
    .where("status", "=", "accepted")
    .where("organization_id", "in", myOrganizations);
  const [drafts, announced, milestones, reviewing, presentations] = await Promise.all([
    proposalsWithTheme(db)
      .select(["p.id", "p.title", "t.title as theme_title", "t.closes_at"])
      .where("p.status", "=", "draft")
      .where("p.id", "in", myProposals)
      .where("t.closes_at", ">", now)
      .execute(),
    db
      .selectFrom("theme_announcements as a")
      .innerJoin("themes as t", "t.id", "a.theme_id")
      .select(["t.id", "t.title", "t.closes_at"])
      .where("a.user_id", "=", userId)
      .where("t.status", "=", "published")
      .where("t.closes_at", ">", now)
      .execute(),
    db
      .selectFrom("milestones as m")
      .innerJoin("projects as pj", "pj.id", "m.project_id")
      .select(["m.id", "m.title", "m.due_on", "pj.id as project_id", "pj.title as project_title"])
      .where("pj.status", "=", "active")
      .where("m.status", "<>", "approved")
      .where("pj.proposal_id", "in", myProposals)
      .execute(),
    db
      .selectFrom("theme_reviewers as r")
      .innerJoin("themes as t", "t.id", "r.theme_id")
      .select(["t.id", "t.title", "t.review_deadline"])
      .where("r.user_id", "=", userId)
      .where("t.review_deadline", "is not", null)
      .execute(),
    proposalsWithTheme(db)
      .select(["p.id", "p.title", "t.presentation_at"])
      .where("p.advanced", "=", true)
      .where("p.id", "in", myProposals)
      .where("t.presentation_at", ">", now)
      .execute(),
  ]);
  const moments: PersonalMoment[] = [
    ...drafts.map((d) => ({
      kind: "draftDeadline" as const,
      id: d.id,
      title: d.title || d.theme_title,
      at: d.closes_at,
      link: `/proposals/${d.id}`,
    })),
    ...announced.map((th) => ({
      kind: "themeDeadline" as const,
      id: th.id,
      title: th.title,
      at: th.closes_at,
      link: `/themes/${th.id}`,
    })),
    ...milestones.map((m) => ({
      kind: "milestone" as const,
      id: m.id,
      title: m.title,
      project: m.project_title,
      at: endOfTokyoDay(m.due_on),
      link: `/projects/${m.project_id}`,
    })),
    ...reviewing
      .map((r) => ({
        kind: "reviewDeadline" as const,
        id: r.id,
        title: r.title,
        at: endOfTokyoDay(r.review_deadline ?? ""),
        link: "/reviews",
      }))
      .filter((r) => r.at > now),
    ...presentations.map((p) => ({
      kind: "presentation" as const,
      id: p.id,
      title: p.title,
      at: p.presentation_at ?? now,
      link: `/proposals/${p.id}`,
    })),
  ];
  return moments.sort((a, b) => a.at.getTime() - b.at.getTime());
}
