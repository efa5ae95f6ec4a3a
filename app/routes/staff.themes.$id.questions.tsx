import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import { requireStaffTheme } from "~/auth/theme-access.server";
import { translateMessage } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { answerQuestion, questionsForStaff } from "~/models/theme-questions.server";
import { answerSchema } from "~/models/theme-schemas";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFound } from "~/utils/http.server";
import { formatDateTime } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffTheme.questions");

// Read and write: staff. Answering publishes the question and its answer on the theme page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { theme } = await requireStaffTheme(request, params.id ?? "");
  const { db } = services();
  const questions = await questionsForStaff(db, theme.id);
  return {
    id: theme.id,
    title: theme.title,
    questions: questions.map((q) => ({
      id: q.id,
      question: q.question,
      answer: q.answer ?? "",
      published: q.published_at !== null,
      askedAt: q.created_at.toISOString(),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "staff");
  const parsed = v.safeParse(answerSchema, Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data({ questionId: null as string | null, error: parsed.issues[0].message }, { status: 400 });
  }
  const done = await answerQuestion(services().db, {
    questionId: parsed.output.questionId,
    themeId: params.id ?? "",
    staffId: user.id,
    answer: parsed.output.answer,
    now: new Date(),
  });
  if (!done) throw notFound();
  return redirectWithFlash(`/staff/themes/${params.id}/questions`, "staffTheme.questions.published");
}

export default function StaffQuestions() {
  const t = useT();
  const locale = useLocale();
  const { id, title, questions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/staff/themes/${id}`}>{title}</Link>
      </p>
      <h1>{t("staffTheme.questions")}</h1>
      {actionData?.error ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, actionData.error)}
        </p>
      ) : null}
      {questions.length === 0 ? <p>{t("staffTheme.questions.none")}</p> : null}
      <ul className="card-list">
        {questions.map((q) => (
          <li key={q.id} className="card">
            <p className="message-meta">
              {formatDateTime(q.askedAt, locale)}・
              {q.published ? t("staffTheme.questions.published") : t("theme.qa.waiting")}
            </p>
            <p className="message">{q.question}</p>
            <Form method="post" className="stack">
              <input type="hidden" name="questionId" value={q.id} />
              <div className="field">
                <label htmlFor={`answer-${q.id}`}>{t("staffTheme.questions.answer")}</label>
                <textarea id={`answer-${q.id}`} name="answer" rows={4} defaultValue={q.answer} />
              </div>
              <button type="submit" className="button">
                {t("staffTheme.questions.publish")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </>
  );
}
