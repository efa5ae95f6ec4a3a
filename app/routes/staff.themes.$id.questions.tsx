import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { requireStaffTheme } from "~/auth/theme-access.server";
import { StackForm } from "~/components/form";
import { PlainField } from "~/components/plain-form";
import { useLocale, useT } from "~/i18n/react";
import { answerQuestion, questionsForStaff } from "~/models/theme-questions.server";
import { answerSchema } from "~/models/theme-schemas";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFound } from "~/utils/http.server";
import { formatDateTime } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

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
  const formData = await request.formData();
  const submission = parseSubmission(formData, { schema: answerSchema });
  if (submission.status !== "success") {
    // The question whose form it was, so the answer goes back to that form only.
    return data({ questionId: String(formData.get("questionId") ?? ""), result: submission.reply() }, { status: 400 });
  }
  const done = await answerQuestion(services().db, {
    questionId: submission.value.questionId,
    themeId: params.id ?? "",
    staffId: user.id,
    answer: submission.value.answer,
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
      {questions.length === 0 ? <p>{t("staffTheme.questions.none")}</p> : null}
      <ul className="card-list">
        {questions.map((q) => (
          <li key={q.id} className="card">
            <p className="message-meta">
              {formatDateTime(q.askedAt, locale)}・
              {q.published ? t("staffTheme.questions.published") : t("theme.qa.waiting")}
            </p>
            <p className="message">{q.question}</p>
            <AnswerForm question={q} lastResult={actionData?.questionId === q.id ? actionData.result : undefined} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** Staff's answer to one question: publishing it shows question and answer on the theme page. */
function AnswerForm({
  question,
  lastResult,
}: {
  question: { id: string; answer: string };
  lastResult?: SubmissionResult<string[]>;
}) {
  const t = useT();
  const [form, fields] = useForm({
    id: `answer-${question.id}`,
    lastResult,
    defaultValue: { answer: question.answer },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: answerSchema }),
  });
  return (
    <StackForm form={form} submit={t("staffTheme.questions.publish")}>
      <input type="hidden" name="questionId" value={question.id} />
      <PlainField field={fields.answer} label={t("staffTheme.questions.answer")}>
        {(control) => <textarea {...control} rows={4} defaultValue={fields.answer.defaultValue} />}
      </PlainField>
    </StackForm>
  );
}
