/**
 * Seven days and one day before a theme closes, each team with a draft is told what is still missing
 * and which partner has not yet accepted: exactly once per team and threshold (the row is claimed in
 * the transaction that sends, keyed by the deadline, so restarts and several processes never repeat
 * one, and a moved deadline earns fresh ones). Run by the server's reminder pass.
 */
import type { Kysely } from "kysely";
import { tokyoToday } from "~/utils/japan-time";
import type { Database } from "../../db/schema";
import { type Locale, translator } from "../i18n";
import { proposalsWithTheme } from "./joins.server";
import type { MailContext } from "./mail-context";
import { notify, type Recipient } from "./notifications.server";
import { organizationRecipients } from "./organizations.server";
import { SECTIONS } from "./proposal-rules";
import { problemsOf } from "./proposal-submission.server";
import { loadProposal } from "./proposals.server";

const DAY = 24 * 3600_000;

export async function sendDraftNudges(db: Kysely<Database>, ctx: MailContext): Promise<number> {
  const inDays = (n: number) => tokyoToday(new Date(ctx.now.getTime() + n * DAY));
  const drafts = await proposalsWithTheme(db)
    .select(["p.id", "t.closes_at"])
    .where("p.status", "=", "draft")
    .where("t.status", "=", "published")
    .where("t.closes_at", ">", ctx.now)
    .where("t.closes_at", "<", new Date(ctx.now.getTime() + 8 * DAY))
    .execute();
  let sent = 0;
  for (const draft of drafts) {
    const day = tokyoToday(draft.closes_at);
    const kind = day === inDays(7) ? "week" : day === inDays(1) ? "day" : null;
    if (!kind) continue;
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .insertInto("draft_nudges")
        .values({ proposal_id: draft.id, kind, closes_at: draft.closes_at, sent_at: ctx.now })
        .onConflict((oc) => oc.columns(["proposal_id", "kind", "closes_at"]).doNothing())
        .returning("proposal_id")
        .executeTakeFirst();
      if (!claimed) return;
      const loaded = await loadProposal(trx, draft.id);
      if (!loaded) return;
      const problems = problemsOf(loaded, ctx.now);
      const missing = SECTIONS.filter((s) => problems.some((p) => p.section === s));
      const pending = loaded.partners.filter((p) => p.status === "invited").map((p) => p.name);
      const unapproved = problems.flatMap((p) => (p.section === "approvals" ? [String(p.params?.name)] : []));
      const team = await organizationRecipients(
        trx,
        loaded.partners.filter((p) => p.status === "accepted").map((p) => p.organizationId),
      );
      // What is missing is written in each reader's language: one notice per language.
      for (const locale of ["ja", "en"] as const) {
        const readers = team.filter((r: Recipient) => r.locale === locale);
        if (readers.length === 0) continue;
        const t = translator(locale as Locale);
        await notify(
          trx,
          readers,
          {
            message: "notice.draftNudge",
            mail: "draftNudge",
            params: {
              title: loaded.content.basics.title || t("proposal.title"),
              theme: loaded.proposal.theme_title,
              days: kind === "week" ? "7" : "1",
              closes: draft.closes_at.toISOString(),
              missing: missing.length ? missing.map((s) => t(`proposal.section.${s}`)).join("、") : t("nudge.none"),
              pending: pending.length ? pending.join("、") : t("nudge.none"),
              unapproved: unapproved.length ? unapproved.join("、") : t("nudge.none"),
            },
            link: `/proposals/${draft.id}`,
          },
          ctx,
        );
      }
      sent += 1;
    });
  }
  return sent;
}
