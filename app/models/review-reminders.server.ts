import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { MailContext } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { notify } from "./notifications.server";
import { reviewerProgress } from "./ranking.server";
import { type Stage, themeForReview } from "./reviews.server";

/** Reviewers with reviews still to submit on a theme, for a reminder sent on request. */
export async function remindReviewers(
  db: Kysely<Database>,
  input: { themeId: string; staffId: string },
  ctx: MailContext,
) {
  const theme = await themeForReview(db, input.themeId);
  if (!theme) return 0;
  // Both rounds count: a reviewer behind on the presentation round is reminded too. The counts
  // come from the same SQL as the staff page (ranking.server.ts).
  const rounds = await Promise.all(
    (theme.review_stages === 2 ? [1, 2] : [1]).map((stage) => reviewerProgress(db, input.themeId, stage as Stage)),
  );
  const behind = [
    ...new Set(
      rounds
        .flat()
        .filter((r) => r.done < r.due)
        .map((r) => r.id),
    ),
  ];
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
    await recordAudit(trx, {
      actorId: input.staffId,
      action: "theme.reviewers_reminded",
      entityType: "theme",
      entityId: input.themeId,
      details: { reviewers: people.length },
    });
  });
  return people.length;
}
