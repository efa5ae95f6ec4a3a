import { Form } from "@remix-run/react";
import { translateMessage } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { can, type ProjectAccess } from "~/models/project-policy";
import { formatDateTime, formatPlainDate } from "~/utils/japan-time";
import type { MilestoneStatus } from "../../db/schema";
import { CommentField, IntentButtons, IntentSubmit, PlainField } from "./plain-form";

/**
 * The manage page's answer to a refused form: `milestoneId` names the form (a milestone's id,
 * "final" or "continuation"), `field` the input the message belongs to, `values` what was typed.
 */
export interface ManageAnswer {
  milestoneId: string;
  error: string;
  field: string;
  values: Record<string, string>;
}

/** What the answer says about one form: its message, what was typed in it, and the message at one input. */
export function answerFor(answer: ManageAnswer | undefined, form: string) {
  const mine = answer?.milestoneId === form ? answer : undefined;
  const error = mine ? mine.error : null;
  const typed: Record<string, string> = mine ? mine.values : {};
  return { error, typed, at: (field: string) => (mine && mine.field === field ? error : null) };
}

export interface ManagedMilestone {
  id: string;
  title: string;
  dueOn: string;
  deliverable: string;
  status: MilestoneStatus;
  phase: MilestoneStatus | "overdue";
  reports: {
    id: string;
    body: string;
    spent: number;
    status: "submitted" | "returned" | "approved";
    comment: string;
    at: string;
    by: string;
    files: { id: string; label: string; isImage: boolean; description: string }[];
  }[];
}

/**
 * One milestone on the manage page: its reports so far, the team's report form, and staff's
 * decision on a pending report or the adjustment of a planned milestone.
 */
export function MilestoneSection({
  milestone: m,
  access,
  answer,
}: {
  milestone: ManagedMilestone;
  access: ProjectAccess;
  answer?: ManageAnswer;
}) {
  const t = useT();
  const locale = useLocale();
  const pending = m.reports.find((r) => r.status === "submitted");
  const { error, typed, at } = answerFor(answer, m.id);
  return (
    <section className="card" aria-labelledby={`milestone-${m.id}`}>
      <h2 id={`milestone-${m.id}`}>{m.title}</h2>
      <p>
        {t("project.milestone.due")}：{formatPlainDate(m.dueOn, locale)}・
        <strong>{t(`milestone.phase.${m.phase}`)}</strong>
      </p>
      {m.deliverable ? <p className="field-hint">{m.deliverable}</p> : null}
      {error ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, error)}
        </p>
      ) : null}
      {m.reports.length ? (
        <>
          <h3>{t("manage.history")}</h3>
          <ol>
            {m.reports.map((r) => (
              <li key={r.id} className="message">
                <p className="message-meta">
                  {formatDateTime(r.at, locale)}・{r.by}・{t(`manage.reportStatus.${r.status}`)}・
                  {t("manage.spentValue", { amount: r.spent.toLocaleString("ja-JP") })}
                </p>
                {r.body}
                {r.comment ? <p>{t("manage.staffComment", { comment: r.comment })}</p> : null}
                {r.files.map((f) => (
                  <p key={f.id}>
                    {f.isImage ? <img src={`/files/${f.id}`} alt={f.description} className="report-photo" /> : null}
                    <a href={`/files/${f.id}`}>{f.label}</a>
                  </p>
                ))}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {can(access, "decide") && pending ? (
        <Form method="post" className="stack">
          <input type="hidden" name="reportId" value={pending.id} />
          <input type="hidden" name="milestoneId" value={m.id} />
          <CommentField id={`comment-${m.id}`} error={at("comment")} defaultValue={typed.comment} />
          <IntentButtons
            buttons={[
              { intent: "approve", label: t("manage.approve") },
              { intent: "return", label: t("manage.return") },
            ]}
          />
        </Form>
      ) : null}
      {can(access, "report") && (m.status === "planned" || m.status === "returned") ? (
        <Form method="post" encType="multipart/form-data" className="stack">
          <h3>{t("manage.report")}</h3>
          <input type="hidden" name="milestoneId" value={m.id} />
          <PlainField
            id={`body-${m.id}`}
            label={t("manage.body")}
            hint={t("manage.body.hint")}
            error={at("body")}
            required
          >
            {(control) => <textarea {...control} name="body" rows={6} defaultValue={typed.body} />}
          </PlainField>
          <PlainField id={`excerpt-${m.id}`} label={t("manage.excerpt")} hint={t("manage.excerpt.hint")}>
            {(control) => <textarea {...control} name="excerpt" rows={3} defaultValue={typed.excerpt} />}
          </PlainField>
          <PlainField id={`spent-${m.id}`} label={t("manage.spent")} error={at("spent")}>
            {(control) => (
              <input {...control} type="text" inputMode="numeric" name="spent" defaultValue={typed.spent} />
            )}
          </PlainField>
          <PlainField id={`photo-${m.id}`} label={t("manage.photo")} error={at("photo")}>
            {(control) => <input {...control} type="file" name="photo" accept=".jpg,.jpeg,.png,.pdf" />}
          </PlainField>
          <PlainField
            id={`photoDescription-${m.id}`}
            label={t("manage.photoDescription")}
            hint={t("manage.photoDescription.hint")}
            error={at("photoDescription")}
          >
            {(control) => (
              <input {...control} type="text" name="photoDescription" defaultValue={typed.photoDescription} />
            )}
          </PlainField>
          <label className="checkbox" htmlFor={`public-${m.id}`}>
            <input
              id={`public-${m.id}`}
              type="checkbox"
              name="photoPublic"
              value="on"
              defaultChecked={typed.photoPublic === "on"}
            />
            {t("manage.photoPublic")}
          </label>
          <button type="submit" className="button">
            {t("manage.submit")}
          </button>
        </Form>
      ) : null}
      {can(access, "report") && m.status === "submitted" ? <p className="notice">{t("manage.waiting")}</p> : null}
      {can(access, "decide") && m.status === "planned" ? (
        <details>
          <summary>{t("adjust.title")}</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="milestoneId" value={m.id} />
            <div className="field">
              <label htmlFor={`adjust-title-${m.id}`}>{t("adjust.milestoneTitle")}</label>
              <input id={`adjust-title-${m.id}`} name="title" defaultValue={typed.title ?? m.title} required />
            </div>
            <div className="field">
              <label htmlFor={`adjust-due-${m.id}`}>{t("adjust.dueOn")}</label>
              <input
                id={`adjust-due-${m.id}`}
                type="date"
                name="dueOn"
                defaultValue={typed.dueOn ?? m.dueOn}
                required
              />
            </div>
            <IntentSubmit intent="adjust" look="secondary">
              {t("adjust.submit")}
            </IntentSubmit>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
