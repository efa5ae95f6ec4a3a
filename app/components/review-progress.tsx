import { Form } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { DataTable } from "./data-table";
import { IntentButton, IntentSubmit, PlainField } from "./plain-form";

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
            <PlainField id="reviewer-email" label={t("staffReview.assignEmail")} hint={t("staffReview.assignHint")}>
              {(control) => <input {...control} type="email" name="email" />}
            </PlainField>
            <IntentSubmit intent="assign">{t("staffReview.assign")}</IntentSubmit>
          </Form>
          <IntentButton intent="remind" look="secondary">
            {t("staffReview.remind")}
          </IntentButton>
          <Form method="post" className="inline-form">
            <PlainField
              id="review-deadline"
              label={t("staffReview.deadline")}
              hint={t("staffReview.deadlineHint")}
              error={answer?.field === "deadline" ? answer.error : null}
            >
              {(control) => (
                <input
                  {...control}
                  type="date"
                  name="deadline"
                  defaultValue={answer?.typed?.deadline ?? reviewDeadline ?? ""}
                />
              )}
            </PlainField>
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
        <PlainField
          id="presentation-at"
          label={t("staffReview.presentAt")}
          error={answer?.field === "presentationAt" ? answer.error : null}
        >
          {(control) => (
            <input
              {...control}
              type="datetime-local"
              name="presentationAt"
              defaultValue={answer?.typed?.presentationAt ?? presentationAt}
            />
          )}
        </PlainField>
        <PlainField
          id="presentation-place"
          label={t("staffReview.presentPlace")}
          hint={t("staffReview.presentPlaceHint")}
          error={answer?.field === "presentationPlace" ? answer.error : null}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              name="presentationPlace"
              maxLength={200}
              defaultValue={answer?.typed?.presentationPlace ?? presentationPlace}
            />
          )}
        </PlainField>
        <IntentSubmit intent="present">{t("staffReview.presentSend")}</IntentSubmit>
      </Form>
    </section>
  );
}
