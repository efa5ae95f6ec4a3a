import { type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { useT } from "~/i18n/react";
import { can, type ProjectAccess } from "~/models/project-policy";
import { continuationSchema, finalDecisionSchema, finalReportSchema } from "~/models/project-schemas";
import type { FinalReport, FinalStatus } from "../../db/schema";
import { RadioChoices } from "./choice-fields";
import { StackForm } from "./form";
import { type ManageAnswer, resultFor, SectionError } from "./milestone-report";
import { PlainField } from "./plain-form";
import { StaffDecisionForm } from "./staff-decision-form";

/**
 * The end of a project on its manage page: the team's final report (open once every milestone is
 * approved), staff's acceptance or return of it.
 */
export function FinalReportSection({
  access,
  final,
  indicators,
  budgetLines,
  answer,
}: {
  access: ProjectAccess;
  final: { status: FinalStatus; comment: string; report: FinalReport | null; open: boolean };
  indicators: { name: string; target: string }[];
  budgetLines: { item: string; amount: number }[];
  answer?: ManageAnswer;
}) {
  const t = useT();
  const report = final.report;
  const canSend = can(access, "report") && final.open && (final.status === "none" || final.status === "returned");
  return (
    <section className="card" aria-labelledby="final-report">
      <h2 id="final-report">{t("final.title")}</h2>
      <p>{t("final.statusLabel", { status: t(`final.status.${final.status}`) })}</p>
      <SectionError answer={answer} section="final" />
      {final.comment ? <p>{t("manage.staffComment", { comment: final.comment })}</p> : null}
      {report ? (
        <dl>
          {report.outcomes.map((o) => (
            <div key={o.indicator}>
              <dt>{t("final.achieved", { indicator: o.indicator, target: o.target })}</dt>
              <dd>{o.achieved}</dd>
            </div>
          ))}
          {report.spending.map((s) => (
            <div key={s.item}>
              <dt>{t("final.spent", { item: s.item, planned: s.planned.toLocaleString("ja-JP") })}</dt>
              <dd>{s.spent.toLocaleString("ja-JP")}</dd>
            </div>
          ))}
          <div>
            <dt>{t("final.selfEvaluation")}</dt>
            <dd>{report.selfEvaluation}</dd>
          </div>
        </dl>
      ) : null}
      {can(access, "report") && !final.open ? <p className="field-hint">{t("final.locked")}</p> : null}
      {canSend ? (
        <FinalReportForm
          report={report}
          indicators={indicators}
          budgetLines={budgetLines}
          lastResult={resultFor(answer, "final")}
        />
      ) : null}
      {can(access, "decide") && final.status === "submitted" ? (
        <StaffDecisionForm
          id="final-decision"
          schema={finalDecisionSchema}
          buttons={[
            { intent: "acceptFinal", label: t("final.accept") },
            { intent: "returnFinal", label: t("final.return") },
          ]}
          lastResult={resultFor(answer, "final-decision")}
        />
      ) : null}
    </section>
  );
}

/** Staff's decision, year by year, on whether a multi-year project goes on. */
export function ContinuationSection({
  durationYears,
  continuations,
  answer,
}: {
  durationYears: number;
  continuations: { year: number; decision: "continue" | "stop"; note: string }[];
  answer?: ManageAnswer;
}) {
  const t = useT();
  const years = Array.from({ length: durationYears - 1 }, (_, i) => i + 2);
  const [form, fields] = useForm({
    id: "continuation",
    lastResult: resultFor(answer, "continuation"),
    defaultValue: { year: String(years[0] ?? ""), decision: "continue" },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: continuationSchema(durationYears) }),
  });
  return (
    <section className="card" aria-labelledby="continuation">
      <h2 id="continuation">{t("continuation.title")}</h2>
      {continuations.length ? (
        <ul>
          {continuations.map((c) => (
            <li key={c.year}>
              {t("continuation.row", { year: c.year, decision: t(`continuation.${c.decision}`), note: c.note })}
            </li>
          ))}
        </ul>
      ) : null}
      <StackForm form={form} intent="continuation" secondary submit={t("continuation.submit")}>
        <PlainField field={fields.year} label={t("continuation.year")}>
          {(control) => (
            <select {...control} defaultValue={fields.year.defaultValue}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          )}
        </PlainField>
        <RadioChoices
          field={fields.decision}
          legend={t("continuation.decision")}
          options={[
            { value: "continue", label: t("continuation.continue") },
            { value: "stop", label: t("continuation.stop") },
          ]}
        />
        <PlainField field={fields.note} label={t("continuation.note")}>
          {(control) => <textarea {...control} rows={3} defaultValue={fields.note.defaultValue} />}
        </PlainField>
      </StackForm>
    </section>
  );
}

/** The team's final report: what each indicator achieved, what each budget line cost, their own evaluation. */
function FinalReportForm({
  report,
  indicators,
  budgetLines,
  lastResult,
}: {
  report: FinalReport | null;
  indicators: { name: string; target: string }[];
  budgetLines: { item: string; amount: number }[];
  lastResult?: SubmissionResult<string[]>;
}) {
  const t = useT();
  const [form, fields] = useForm({
    id: "final",
    lastResult,
    // A returned report comes back filled in, one entry per indicator and per budget line.
    defaultValue: {
      achieved: indicators.map((_, i) => report?.outcomes[i]?.achieved ?? ""),
      spent: budgetLines.map((_, i) => String(report?.spending[i]?.spent ?? "")),
      selfEvaluation: report?.selfEvaluation ?? "",
    },
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: finalReportSchema }),
  });
  const achieved = fields.achieved.getFieldList();
  const spent = fields.spent.getFieldList();
  return (
    <>
      <p className="field-hint">{t("final.intro")}</p>
      <p className="field-hint">{t("final.publicNote")}</p>
      <StackForm form={form} intent="final" submit={t("final.submit")}>
        {indicators.map((indicator, i) => (
          <PlainField
            key={indicator.name}
            field={achieved[i]}
            label={t("final.achieved", { indicator: indicator.name, target: indicator.target })}
          >
            {(control) => <input {...control} defaultValue={achieved[i].defaultValue} />}
          </PlainField>
        ))}
        {budgetLines.map((line, i) => (
          <PlainField
            key={line.item}
            field={spent[i]}
            label={t("final.spent", { item: line.item, planned: line.amount.toLocaleString("ja-JP") })}
          >
            {(control) => <input {...control} inputMode="numeric" defaultValue={spent[i].defaultValue} />}
          </PlainField>
        ))}
        <PlainField field={fields.selfEvaluation} label={t("final.selfEvaluation")} required>
          {(control) => <textarea {...control} rows={6} defaultValue={fields.selfEvaluation.defaultValue} />}
        </PlainField>
      </StackForm>
    </>
  );
}
