import { type FieldMetadata, getFormProps, getInputProps, type SubmissionResult, useForm } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useMemo } from "react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { BUDGET_CATEGORIES, type BudgetTotals, type Problem, type SectionKey } from "~/models/proposal-rules";
import { BudgetTotals as Totals } from "./budget-totals";
import { EmailField, FieldError, FormErrorSummary, RequiredBadge, SelectField, TextAreaField, TextField } from "./form";
import { useLeaveWarning } from "./leave-warning";
import { IntentSubmit } from "./plain-form";
import { problemMessage } from "./proposal-problems";

/** Every field any section's form may hold; each section renders its own. */
interface SectionForm {
  title: string;
  summary: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  text: string;
  roles: Record<string, string>;
  indicators: { name: string; target: string }[];
  milestones: { title: string; date: string; deliverable: string }[];
  lines: { item: string; category: string; amount: string; note: string }[];
  ownFunds: string;
  requested: string;
  accepted: string;
}

export interface SectionPage {
  id: string;
  key: SectionKey;
  next: SectionKey | null;
  editable: boolean;
  version: number;
  values: Record<string, unknown>;
  partners: { id: string; name: string }[];
  declaration: string;
  totals: BudgetTotals;
  rate: number;
}

/** The declaration's box, marked and explained like every other field when it is left unticked. */
function DeclarationBox({ field }: { field: FieldMetadata<string> }) {
  const t = useT();
  const { key, ...props } = getInputProps(field, { type: "checkbox", value: "on" });
  return (
    <div className="field">
      <FieldError id={field.errorId} error={field.errors} />
      <label className="checkbox">
        <input key={key} {...props} /> {t("proposal.field.accepted")} <RequiredBadge required />
      </label>
    </div>
  );
}

/**
 * One section's form. The server's answer to a save comes back in `result`; reached from the
 * problem list (`?check=1`), `checks` are what the section still lacks, shown at each field.
 */
export function ProposalSectionForm({
  d,
  result,
  version,
  checks,
}: {
  d: SectionPage;
  result: SubmissionResult<string[]> | undefined;
  version: number | null;
  checks: Problem[];
}) {
  const t = useT();
  const checked = useMemo((): SubmissionResult<string[]> | undefined => {
    if (!checks.length) return undefined;
    const error: Record<string, string[]> = {};
    for (const p of checks) if (p.field) error[p.field] = [...(error[p.field] ?? []), problemMessage(t, p)];
    return { status: "error", error };
  }, [checks, t]);
  const [form, fields] = useForm<SectionForm>({
    id: "field",
    lastResult: result ?? checked,
    defaultValue: d.values as Partial<SectionForm>,
    shouldValidate: "onSubmit",
  });
  const leave = useLeaveWarning(t("proposal.leaveWarning"));
  const formProps = getFormProps(form);
  const categories = BUDGET_CATEGORIES.map((c) => ({
    value: c,
    label: t(`proposal.budget.category.${c}` as MessageKey),
  }));
  const row = (i: number) => t("proposal.rowN", { n: i + 1 });
  return (
    <Form
      method="post"
      {...formProps}
      onSubmit={(event) => {
        leave.onSubmit();
        formProps.onSubmit(event);
      }}
      onChange={leave.onChange}
      noValidate
      className="stack"
    >
      {/* Reached from the problem list, the section page lists what is missing with its labels. */}
      {/* Every problem the save found, each linked to its field (Conform's fields cannot be listed
          with Object.values: the summary reads the form's own record of them). */}
      {result ? <FormErrorSummary form={form} /> : null}
      <input type="hidden" name="version" value={version ?? d.version} />
      {d.key === "basics" ? (
        <>
          <TextField field={fields.title} label="proposal.field.title" required />
          <TextAreaField field={fields.summary} label="proposal.field.summary" rows={4} required />
          <TextField field={fields.contactName} label="proposal.field.contactName" autoComplete="name" required />
          <EmailField field={fields.contactEmail} label="proposal.field.contactEmail" hint={null} />
          <TextField field={fields.contactPhone} label="proposal.field.contactPhone" type="tel" inputMode="tel" />
        </>
      ) : null}
      {d.key === "problem" || d.key === "activities" ? (
        <TextAreaField
          field={fields.text}
          label={`proposal.field.${d.key}`}
          hint={`proposal.field.${d.key}.hint`}
          rows={10}
          required
        />
      ) : null}
      {d.key === "roles"
        ? d.partners.map((p) => (
            <TextAreaField
              key={p.id}
              field={fields.roles.getFieldset()[p.id]}
              label="proposal.field.role"
              labelText={t("proposal.field.role", { name: p.name })}
              rows={4}
              required
            />
          ))
        : null}
      {d.key === "outcomes" ? (
        <>
          <TextAreaField field={fields.text} label="proposal.field.outcomes" rows={6} required />
          <h2>{t("proposal.field.indicators")}</h2>
          {fields.indicators.getFieldList().map((item, i) => {
            const f = item.getFieldset();
            return (
              <fieldset key={item.key} className="criterion">
                <legend>{row(i)}</legend>
                <div className="criterion-numbers">
                  <TextField field={f.name} label="proposal.field.indicatorName" />
                  <TextField field={f.target} label="proposal.field.indicatorTarget" />
                </div>
              </fieldset>
            );
          })}
        </>
      ) : null}
      {d.key === "schedule"
        ? fields.milestones.getFieldList().map((item, i) => {
            const f = item.getFieldset();
            return (
              <fieldset key={item.key} className="criterion">
                <legend>{row(i)}</legend>
                <TextField field={f.title} label="proposal.field.milestoneTitle" />
                <div className="criterion-numbers">
                  <TextField field={f.date} label="proposal.field.milestoneDate" type="date" />
                  <TextField field={f.deliverable} label="proposal.field.milestoneDeliverable" />
                </div>
              </fieldset>
            );
          })
        : null}
      {d.key === "budget" ? (
        <>
          <Totals totals={d.totals} />
          <p className="field-hint">
            {t("proposal.maxGrant", { max: d.totals.maxGrant.toLocaleString("ja-JP"), rate: d.rate })}
          </p>
          <h2>{t("proposal.field.budgetLines")}</h2>
          {fields.lines.getFieldList().map((item, i) => {
            const f = item.getFieldset();
            return (
              <fieldset key={item.key} className="criterion">
                <legend>{row(i)}</legend>
                <div className="criterion-numbers">
                  <TextField field={f.item} label="proposal.field.item" />
                  <SelectField
                    field={f.category}
                    label="proposal.field.category"
                    options={categories}
                    placeholder="filter.any"
                  />
                  <TextField field={f.amount} label="proposal.field.amount" inputMode="numeric" />
                  <TextField field={f.note} label="proposal.field.note" />
                </div>
              </fieldset>
            );
          })}
          <TextField
            field={fields.requested}
            label="proposal.field.requested"
            hint="proposal.field.requested.hint"
            inputMode="numeric"
            required
          />
          <TextField field={fields.ownFunds} label="proposal.field.ownFunds" inputMode="numeric" />
        </>
      ) : null}
      {d.key === "declaration" ? (
        <>
          <p className="message">{d.declaration}</p>
          <DeclarationBox field={fields.accepted} />
        </>
      ) : null}
      {d.editable ? (
        <div className="actions">
          <IntentSubmit intent="next">{t(d.next ? "proposal.saveNext" : "proposal.saveConfirm")}</IntentSubmit>
          <IntentSubmit intent="save" look="secondary">
            {t("proposal.save")}
          </IntentSubmit>
        </div>
      ) : null}
    </Form>
  );
}
