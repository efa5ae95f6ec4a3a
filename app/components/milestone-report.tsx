import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { translateMessage } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { can, type ProjectAccess } from "~/models/project-policy";
import { milestoneAdjustSchema, milestoneReportSchema, reportDecisionSchema } from "~/models/project-schemas";
import { formatDateTime, formatPlainDate } from "~/utils/japan-time";
import type { MilestoneStatus } from "../../db/schema";
import { CheckboxField } from "./choice-fields";
import { StackForm } from "./form";
import { PlainField } from "./plain-form";
import { StaffDecisionForm } from "./staff-decision-form";

/**
 * The manage page's answer to a form it did not take: `section` is the part of the page it is about
 * (a milestone's id, "final" or "continuation"; "" the whole page), then either `form` and `result`,
 * Conform's reply to that form (what was typed, each problem at its field), or `error`, a refusal of
 * the whole step (someone else acted first), said at the top of the section.
 */
export interface ManageAnswer {
  section: string;
  form: string;
  result: SubmissionResult<string[]> | null;
  error: string | null;
}

export function manageAnswer(given: Partial<ManageAnswer>): ManageAnswer {
  return { section: "", form: "", result: null, error: null, ...given };
}

/** The server's reply to one form of the page, when the answer is about it. */
export function resultFor(answer: ManageAnswer | undefined, form: string) {
  return answer?.form === form ? (answer.result ?? undefined) : undefined;
}

/** A refusal of the whole step in one section of the page, said at its top. */
export function SectionError({ answer, section }: { answer?: ManageAnswer; section: string }) {
  const t = useT();
  if (!answer?.error || answer.section !== section) return null;
  return (
    <p className="error-summary" role="alert">
      {translateMessage(t, answer.error)}
    </p>
  );
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
  return (
    <section className="card" aria-labelledby={`milestone-${m.id}`}>
      <h2 id={`milestone-${m.id}`}>{m.title}</h2>
      <p>
        {t("project.milestone.due")}：{formatPlainDate(m.dueOn, locale)}・
        <strong>{t(`milestone.phase.${m.phase}`)}</strong>
      </p>
      {m.deliverable ? <p className="field-hint">{m.deliverable}</p> : null}
      <SectionError answer={answer} section={m.id} />
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
        <StaffDecisionForm
          id={`decide-${m.id}`}
          schema={reportDecisionSchema}
          buttons={[
            { intent: "approve", label: t("manage.approve") },
            { intent: "return", label: t("manage.return") },
          ]}
          hidden={{ reportId: pending.id, milestoneId: m.id }}
          lastResult={resultFor(answer, `decide-${m.id}`)}
        />
      ) : null}
      {can(access, "report") && (m.status === "planned" || m.status === "returned") ? (
        <ReportForm milestoneId={m.id} lastResult={resultFor(answer, `report-${m.id}`)} />
      ) : null}
      {can(access, "report") && m.status === "submitted" ? <p className="notice">{t("manage.waiting")}</p> : null}
      {can(access, "decide") && m.status === "planned" ? (
        <AdjustForm milestone={m} lastResult={resultFor(answer, `adjust-${m.id}`)} />
      ) : null}
    </section>
  );
}

/** The team's report on a milestone, with a photo or document if they like (chosen again after a refusal). */
function ReportForm({ milestoneId, lastResult }: { milestoneId: string; lastResult?: SubmissionResult<string[]> }) {
  const t = useT();
  const [form, fields] = useForm({
    id: `report-${milestoneId}`,
    lastResult,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: milestoneReportSchema }),
  });
  return (
    <>
      <h3>{t("manage.report")}</h3>
      <StackForm form={form} encType="multipart/form-data" submit={t("manage.submit")}>
        <input type="hidden" name="milestoneId" value={milestoneId} />
        <PlainField field={fields.body} label={t("manage.body")} hint={t("manage.body.hint")} required>
          {(control) => <textarea {...control} rows={6} defaultValue={fields.body.defaultValue} />}
        </PlainField>
        <PlainField field={fields.excerpt} label={t("manage.excerpt")} hint={t("manage.excerpt.hint")}>
          {(control) => <textarea {...control} rows={3} defaultValue={fields.excerpt.defaultValue} />}
        </PlainField>
        <PlainField field={fields.spent} label={t("manage.spent")}>
          {(control) => <input {...control} type="text" inputMode="numeric" defaultValue={fields.spent.defaultValue} />}
        </PlainField>
        <PlainField field={fields.photo} label={t("manage.photo")}>
          {(control) => <input {...control} type="file" accept=".jpg,.jpeg,.png,.pdf" />}
        </PlainField>
        <PlainField
          field={fields.photoDescription}
          label={t("manage.photoDescription")}
          hint={t("manage.photoDescription.hint")}
        >
          {(control) => <input {...control} type="text" defaultValue={fields.photoDescription.defaultValue} />}
        </PlainField>
        <CheckboxField field={fields.photoPublic} label="manage.photoPublic" />
      </StackForm>
    </>
  );
}

/** Staff moving a planned milestone or correcting its title; opened by itself when it was refused. */
function AdjustForm({
  milestone: m,
  lastResult,
}: {
  milestone: ManagedMilestone;
  lastResult?: SubmissionResult<string[]>;
}) {
  const t = useT();
  const [form, fields] = useForm({
    id: `adjust-${m.id}`,
    lastResult,
    defaultValue: { title: m.title, dueOn: m.dueOn },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: milestoneAdjustSchema }),
  });
  return (
    <details open={Object.keys(form.allErrors).length > 0 || undefined}>
      <summary>{t("adjust.title")}</summary>
      <StackForm form={form} intent="adjust" secondary submit={t("adjust.submit")}>
        <input type="hidden" name="milestoneId" value={m.id} />
        <PlainField field={fields.title} label={t("adjust.milestoneTitle")}>
          {(control) => <input {...control} defaultValue={fields.title.defaultValue} required />}
        </PlainField>
        <PlainField field={fields.dueOn} label={t("adjust.dueOn")}>
          {(control) => <input {...control} type="date" defaultValue={fields.dueOn.defaultValue} required />}
        </PlainField>
      </StackForm>
    </details>
  );
}
