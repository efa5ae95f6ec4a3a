import type { Kysely } from "kysely";
import { tokyoToday } from "~/utils/japan-time";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";
import { reviewerProgress } from "./ranking.server";
import { type Stage, themeForReview } from "./reviews.server";

/**
 * The theme's reviewers with reviews still to submit, in either round (a reviewer behind on the
 * presentation round counts too). The counts come from the same SQL as the staff page.
 */
async function reviewersBehind(db: Kysely<Database>, theme: { id: string; review_stages: number }) {
  const rounds = await Promise.all(
    (theme.review_stages === 2 ? [1, 2] : [1]).map((stage) => reviewerProgress(db, theme.id, stage as Stage)),
  );
  return [
    ...new Set(
      rounds
        .flat()
        .filter((r) => r.done < r.due)
        .map((r) => r.id),
    ),
  ];
}

/** Reviewers with reviews still to submit on a theme, for a reminder sent on request. */
export async function remindReviewers(
  db: Kysely<Database>,
  input: { themeId: string; staffId: string },
  ctx: MailContext,
) {
  const theme = await themeForReview(db, input.themeId);
  if (!theme) return 0;
  const behind = await reviewersBehind(db, theme);
  if (behind.length === 0) return 0;
  const people = await db
    .selectFrom("users")
    .select(["id", "email", "name", "locale"])
    .where("id", "in", behind)
    .execute();
  await db.transaction().execute(async (trx) => {
    await notify(
      trx,
      people,
      {
        message: "notice.reviewReminder",
        mail: "reviewReminder",
        params: { theme: theme.title },
        link: "/reviews",
      },
      ctx,
    );
    await recordAudit(trx, input.staffId, "theme.reviewers_reminded", ["theme", input.themeId], {
      reviewers: people.length,
    });
  });
  return people.length;
}

const DAY = 24 * 3600_000;

/** Staff set (or clear) the day reviews are due; audited. */
export async function setReviewDeadline(
  db: Kysely<Database>,
  input: { themeId: string; deadline: string | null; staffId: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("themes")
      .set({ review_deadline: input.deadline })
      .where("id", "=", input.themeId)
      .where("status", "=", "published")
      .returning("id")
      .executeTakeFirst();
    if (!updated) return false;
    await recordAudit(trx, input.staffId, "theme.review_deadline_set", ["theme", input.themeId], {
      deadline: input.deadline,
    });
    return true;
  });
}

/**
 * Three days and one day before a theme's review deadline, each reviewer still behind (in either
 * round) is reminded once: the reminder row is claimed first, in the transaction that sends, so
 * restarts and several processes never repeat one. Run by the server's reminder worker.
 */
export async function sendReviewDeadlineReminders(db: Kysely<Database>, ctx: MailContext): Promise<number> {
  const inDays = (n: number) => tokyoToday(new Date(ctx.now.getTime() + n * DAY));
  const themes = await db
    .selectFrom("themes")
    .select(["id", "title", "review_stages", "review_deadline"])
    .where("status", "=", "published")
    .where("review_deadline", "in", [inDays(3), inDays(1)])
    .execute();
  let sent = 0;
  for (const theme of themes) {
    const deadline = theme.review_deadline ?? "";
    const kind = deadline === inDays(3) ? "three_days" : "one_day";
    for (const reviewerId of await reviewersBehind(db, theme)) {
      await db.transaction().execute(async (trx) => {
        const claimed = await trx
          .insertInto("review_deadline_reminders")
          .values({ theme_id: theme.id, reviewer_id: reviewerId, kind, deadline, sent_at: ctx.now })
          .onConflict((oc) => oc.columns(["theme_id", "reviewer_id", "kind", "deadline"]).doNothing())
          .returning("reviewer_id")
          .executeTakeFirst();
        if (!claimed) return;
        const person = await trx
          .selectFrom("users")
          .select(["id", "email", "name", "locale"])
          .where("id", "=", reviewerId)
          .executeTakeFirstOrThrow();
        await notify(
          trx,
          [person],
          {
            message: "notice.reviewDeadline",
            mail: "reviewDeadline",
            params: { theme: theme.title, deadline },
            link: "/reviews",
          },
          ctx,
        );
        sent += 1;
      });
    }
  }
  return sent;
}
