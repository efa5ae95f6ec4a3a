/** A theme's questions and answers: members ask, staff answer and publish, everyone reads the published ones. */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { addNotices, notify } from "./notifications.server";
import { staffOf } from "./project-reports.server";

/** A member asks about a theme; ward staff are told at once (e-mail and notice), in the same transaction. */
export async function askQuestion(
  db: Kysely<Database>,
  input: { themeId: string; userId: string; question: string; now: Date },
  ctx: MailContext,
) {
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    const theme = await trx
      .insertInto("theme_questions")
      .values({ id, theme_id: input.themeId, asked_by: input.userId, question: input.question, created_at: input.now })
      .returning((eb) => eb.selectFrom("themes").select("title").where("themes.id", "=", input.themeId).as("title"))
      .executeTakeFirstOrThrow();
    await notify(
      trx,
      await staffOf(trx),
      {
        message: "notice.questionAsked",
        mail: "questionAsked",
        params: { theme: theme.title ?? "", question: input.question },
        link: `/staff/themes/${input.themeId}/questions`,
      },
      ctx,
    );
  });
  return id;
}

/** Published answers only: a question stays private until staff answer and publish it. */
export async function publishedQuestions(db: Kysely<Database>, themeId: string) {
  return db
    .selectFrom("theme_questions")
    .select(["id", "question", "answer", "published_at"])
    .where("theme_id", "=", themeId)
    .where("published_at", "is not", null)
    .orderBy("published_at")
    .execute();
}

export async function questionsForStaff(db: Kysely<Database>, themeId: string) {
  return db
    .selectFrom("theme_questions")
    .select(["id", "question", "answer", "published_at", "created_at"])
    .where("theme_id", "=", themeId)
    .orderBy("created_at")
    .execute();
}

export async function myQuestions(db: Kysely<Database>, themeId: string, userId: string) {
  return db
    .selectFrom("theme_questions")
    .select(["id", "question", "answer", "published_at", "created_at"])
    .where("theme_id", "=", themeId)
    .where("asked_by", "=", userId)
    .orderBy("created_at")
    .execute();
}

export async function answerQuestion(
  db: Kysely<Database>,
  input: { questionId: string; themeId: string; staffId: string; answer: string; now: Date },
) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("theme_questions")
      .set({ answer: input.answer, answered_by: input.staffId, published_at: input.now })
      .where("id", "=", input.questionId)
      .where("theme_id", "=", input.themeId)
      .returning(["id", "asked_by"])
      .executeTakeFirst();
    if (!row) return false;
    await recordAudit(trx, input.staffId, "theme.question_answered", ["theme", input.themeId]);
    if (row.asked_by) {
      await addNotices(trx, [row.asked_by], {
        message: "notice.questionAnswered",
        params: {},
        link: `/themes/${input.themeId}#qa`,
      });
    }
    return true;
  });
}
