import { Form } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { DataTable } from "./data-table";
import { IntentButton, IntentSubmit } from "./form";

/** The review page's answer to a refused form: the message, the input it belongs to, what was typed. */
export interface ReviewAnswer {
  error: MessageKey | null;
  field: string | null;
  typed?: Record<string, string>;
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
          <Form method="post" className="inline-form">
            <div className="field">
              <label htmlFor="reviewer-email">{t("staffReview.assignEmail")}</label>
              <p className="field-hint" id="reviewer-email-hint">
                {t("staffReview.assignHint")}
              </p>
              <input id="reviewer-email" type="email" name="email" aria-describedby="reviewer-email-hint" />
            </div>
            <IntentSubmit intent="assign">{t("staffReview.assign")}</IntentSubmit>
          </Form>
          <IntentButton intent="remind" look="secondary">
            {t("staffReview.remind")}
          </IntentButton>
          <Form method="post" className="inline-form">
            <div className="field">
              <label htmlFor="review-deadline">{t("staffReview.deadline")}</label>
              <p className="field-hint" id="review-deadline-hint">
                {t("staffReview.deadlineHint")}
              </p>
              <MessageAt id="review-deadline-error" show={answer?.field === "deadline"} message={answer?.error} />
              <input
                id="review-deadline"
                type="date"
                name="deadline"
                defaultValue={answer?.typed?.deadline ?? reviewDeadline ?? ""}
                aria-invalid={answer?.field === "deadline" ? true : undefined}
                aria-describedby={
                  answer?.field === "deadline" ? "review-deadline-hint review-deadline-error" : "review-deadline-hint"
                }
              />
            </div>
            <IntentSubmit intent="deadline" look="secondary">
              {t("staffReview.deadlineSave")}
            </IntentSubmit>
          </Form>
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
  return (
    <section aria-labelledby="present-heading">
      <h2 id="present-heading">{t("staffReview.present")}</h2>
      <p>{t("staffReview.presentHint")}</p>
      <Form method="post" className="stack">
        <div className="field">
          <label htmlFor="presentation-at">{t("staffReview.presentAt")}</label>
          <MessageAt id="presentation-at-error" show={answer?.field === "presentationAt"} message={answer?.error} />
          <input
            id="presentation-at"
            type="datetime-local"
            name="presentationAt"
            defaultValue={answer?.typed?.presentationAt ?? presentationAt}
            aria-invalid={answer?.field === "presentationAt" ? true : undefined}
            aria-describedby={answer?.field === "presentationAt" ? "presentation-at-error" : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="presentation-place">{t("staffReview.presentPlace")}</label>
          <p className="field-hint" id="presentation-place-hint">
            {t("staffReview.presentPlaceHint")}
          </p>
          <MessageAt
            id="presentation-place-error"
            show={answer?.field === "presentationPlace"}
            message={answer?.error}
          />
          <input
            id="presentation-place"
            type="text"
            name="presentationPlace"
            maxLength={200}
            defaultValue={answer?.typed?.presentationPlace ?? presentationPlace}
            aria-invalid={answer?.field === "presentationPlace" ? true : undefined}
            aria-describedby={
              answer?.field === "presentationPlace"
                ? "presentation-place-hint presentation-place-error"
                : "presentation-place-hint"
            }
          />
        </div>
        <IntentSubmit intent="present">{t("staffReview.presentSend")}</IntentSubmit>
      </Form>
    </section>
  );
}

/**
 * A message repeated at the input it is about (the summary at the top of the page says it too).
 * Unlike form.tsx's FieldError it has no ⚠ mark: the review page's forms show their errors as they always have.
 */
function MessageAt({ id, show, message }: { id: string; show: boolean; message: MessageKey | null | undefined }) {
  const t = useT();
  if (!show || !message) return null;
  return (
    <p className="field-error" id={id}>
      {t(message)}
    </p>
  );
}
