import { type SubmissionResult, useForm } from "@conform-to/react";
import { useT } from "~/i18n/react";
import { DataTable } from "./data-table";
import { StackForm } from "./form";
import { IntentButton, PlainField } from "./plain-form";

/**
 * The review page's forms that a person fills in; a refusal comes back to the one it names. They
 * are checked on the server only (the answer shows next to the field all the same): the ranking
 * page stays within its JavaScript budget without the validation library.
 */
export type ReviewForm = "assign" | "deadline" | "present";

/** The review page's answer to a refused form: which form, and Conform's reply (what was typed, the problems). */
export interface ReviewAnswer {
  form: ReviewForm | null;
  result: SubmissionResult<string[]> | null;
}

function resultFor(answer: ReviewAnswer | undefined, form: ReviewForm) {
  return answer?.form === form ? (answer.result ?? undefined) : undefined;
}

/**
 * The reviewers of a round on staff's review page: each one's progress, the invitations not yet
 * taken up, the forms to assign, remind and set the deadline (until results are released), and
 * who is kept off which proposal.
 */
export function ReviewersSection({
  reviewers,
  invited,
  excluded,
  released,
  reviewDeadline,
  answer,
}: {
  reviewers: { id: string; name: string; done: number; due: number }[];
  invited: string[];
  excluded: {
    reviewerId: string;
    proposalId: string;
    reviewer: string;
    proposal: string;
    reason: string;
    declared: boolean;
  }[];
  released: boolean;
  reviewDeadline: string | null;
  answer?: ReviewAnswer;
}) {
  const t = useT();
  return (
    <>
      <h2>{t("staffReview.progress")}</h2>
      <DataTable columns={[t("staffReview.reviewers"), t("staffReview.count")]}>
        {reviewers.map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.name}</th>
            <td>
              {t("reviews.progress", { done: r.done, due: r.due })}
              {!released ? (
                <IntentButton intent="remove-reviewer" look="link" hidden={{ reviewerId: r.id }}>
                  {t("staffReview.removeReviewer", { name: r.name })}
                </IntentButton>
              ) : null}
            </td>
          </tr>
        ))}
        {invited.map((email) => (
          <tr key={email}>
            <th scope="row">{email}</th>
            <td>{t("staffReview.invitedNotJoined")}</td>
          </tr>
        ))}
      </DataTable>
      {!released ? (
        <div className="actions">
          <AssignForm lastResult={resultFor(answer, "assign")} />
          <IntentButton intent="remind" look="secondary">
            {t("staffReview.remind")}
          </IntentButton>
          <DeadlineForm reviewDeadline={reviewDeadline} lastResult={resultFor(answer, "deadline")} />
        </div>
      ) : null}

      {excluded.length ? (
        <>
          <h2>{t("staffReview.excluded")}</h2>
          <ul>
            {excluded.map((e) => (
              <li key={`${e.reviewerId}-${e.proposalId}`}>
                {e.reviewer} × {e.proposal}：
                {e.declared
                  ? t("staffReview.excludedDeclared", { reason: e.reason })
                  : t("staffReview.excludedMember", { reason: e.reason })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** The presentation round of a two-stage theme: when and where, sent to the second round's teams. */
export function PresentationSection({
  presentationAt,
  presentationPlace,
  answer,
}: {
  presentationAt: string;
  presentationPlace: string;
  answer?: ReviewAnswer;
}) {
  const t = useT();
  const [form, fields] = useForm({
    id: "present",
    lastResult: resultFor(answer, "present"),
    defaultValue: { presentationAt, presentationPlace },
  });
  return (
    <section aria-labelledby="present-heading">
      <h2 id="present-heading">{t("staffReview.present")}</h2>
      <p>{t("staffReview.presentHint")}</p>
      <StackForm form={form} intent="present" submit={t("staffReview.presentSend")}>
        <PlainField field={fields.presentationAt} label={t("staffReview.presentAt")}>
          {(control) => <input {...control} type="datetime-local" defaultValue={fields.presentationAt.defaultValue} />}
        </PlainField>
        <PlainField
          field={fields.presentationPlace}
          label={t("staffReview.presentPlace")}
          hint={t("staffReview.presentPlaceHint")}
        >
          {(control) => (
            <input {...control} type="text" maxLength={200} defaultValue={fields.presentationPlace.defaultValue} />
          )}
        </PlainField>
      </StackForm>
    </section>
  );
}

/** A reviewer assigned by address (someone without a reviewer's account is invited). */
function AssignForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const t = useT();
  const [form, fields] = useForm({
    id: "assign",
    lastResult,
  });
  return (
    <StackForm form={form} inline intent="assign" submit={t("staffReview.assign")}>
      <PlainField field={fields.email} label={t("staffReview.assignEmail")} hint={t("staffReview.assignHint")}>
        {(control) => <input {...control} type="email" defaultValue={fields.email.defaultValue} />}
      </PlainField>
    </StackForm>
  );
}

/** The day reviews are due (reminders count down to it); emptied, there is none. */
function DeadlineForm({
  reviewDeadline,
  lastResult,
}: {
  reviewDeadline: string | null;
  lastResult?: SubmissionResult<string[]>;
}) {
  const t = useT();
  const [form, fields] = useForm({
    id: "deadline",
    lastResult,
    defaultValue: { deadline: reviewDeadline ?? "" },
  });
  return (
    <StackForm form={form} inline intent="deadline" secondary submit={t("staffReview.deadlineSave")}>
      <PlainField field={fields.deadline} label={t("staffReview.deadline")} hint={t("staffReview.deadlineHint")}>
        {(control) => <input {...control} type="date" defaultValue={fields.deadline.defaultValue} />}
      </PlainField>
    </StackForm>
  );
}
