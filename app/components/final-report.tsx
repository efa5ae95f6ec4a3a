import { Form } from "@remix-run/react";
import { translateMessage } from "~/i18n";
import { useT } from "~/i18n/react";
import { can, type ProjectAccess } from "~/models/project-policy";
import type { FinalReport, FinalStatus } from "../../db/schema";
import { FieldError, invalidProps } from "./form";
import { answerFor, type ManageAnswer } from "./milestone-report";
import { CommentField, IntentButtons, IntentSubmit, PlainField } from "./plain-form";

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
  const { error, typed, at } = answerFor(answer, "final");
  const report = final.report;
  const canSend = can(access, "report") && final.open && (final.status === "none" || final.status === "returned");
  return (
    <section className="card" aria-labelledby="final-report">
      <h2 id="final-report">{t("final.title")}</h2>
      <p>{t("final.statusLabel", { status: t(`final.status.${final.status}`) })}</p>
      {error ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, error)}
        </p>
      ) : null}
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
        <Form method="post" className="stack">
          <p className="field-hint">{t("final.intro")}</p>
          <p className="field-hint">{t("final.publicNote")}</p>
          {indicators.map((indicator, i) => (
            <div className="field" key={indicator.name}>
              <label htmlFor={`achieved-${i}`}>
                {t("final.achieved", { indicator: indicator.name, target: indicator.target })}
              </label>
              <input
                id={`achieved-${i}`}
                name={`achieved-${i}`}
                defaultValue={typed[`achieved-${i}`] ?? report?.outcomes[i]?.achieved}
              />
            </div>
          ))}
          {budgetLines.map((line, i) => (
            <div className="field" key={line.item}>
              <label htmlFor={`spent-final-${i}`}>
                {t("final.spent", { item: line.item, planned: line.amount.toLocaleString("ja-JP") })}
              </label>
              <FieldError id={`spent-final-${i}-error`} error={at(`spent-${i}`)} />
              <input
                id={`spent-final-${i}`}
                name={`spent-${i}`}
                {...invalidProps(`spent-final-${i}-error`, at(`spent-${i}`))}
                inputMode="numeric"
                defaultValue={typed[`spent-${i}`] ?? report?.spending[i]?.spent}
              />
            </div>
          ))}
          <PlainField id="selfEvaluation" label={t("final.selfEvaluation")} error={at("selfEvaluation")} required>
            {(control) => (
              <textarea
                {...control}
                name="selfEvaluation"
                rows={6}
                defaultValue={typed.selfEvaluation ?? report?.selfEvaluation}
              />
            )}
          </PlainField>
          <IntentSubmit intent="final">{t("final.submit")}</IntentSubmit>
        </Form>
      ) : null}
      {can(access, "decide") && final.status === "submitted" ? (
        <Form method="post" className="stack">
          <CommentField id="final-comment" error={at("comment")} defaultValue={typed.comment} />
          <IntentButtons
            buttons={[
              { intent: "acceptFinal", label: t("final.accept") },
              { intent: "returnFinal", label: t("final.return") },
            ]}
          />
        </Form>
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
  const { error } = answerFor(answer, "continuation");
  const years = Array.from({ length: durationYears - 1 }, (_, i) => i + 2);
  return (
    <section className="card" aria-labelledby="continuation">
      <h2 id="continuation">{t("continuation.title")}</h2>
      {error ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, error)}
        </p>
      ) : null}
      {continuations.length ? (
        <ul>
          {continuations.map((c) => (
            <li key={c.year}>
              {t("continuation.row", { year: c.year, decision: t(`continuation.${c.decision}`), note: c.note })}
            </li>
          ))}
        </ul>
      ) : null}
      <Form method="post" className="stack">
        <div className="field">
          <label htmlFor="continuation-year">{t("continuation.year")}</label>
          <select id="continuation-year" name="year">
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <fieldset>
          <legend>{t("continuation.decision")}</legend>
          <label className="checkbox">
            <input type="radio" name="decision" value="continue" defaultChecked />
            {t("continuation.continue")}
          </label>
          <label className="checkbox">
            <input type="radio" name="decision" value="stop" />
            {t("continuation.stop")}
          </label>
        </fieldset>
        <PlainField id="continuation-note" label={t("continuation.note")}>
          {(control) => <textarea {...control} name="note" rows={3} />}
        </PlainField>
        <IntentSubmit intent="continuation" look="secondary">
          {t("continuation.submit")}
        </IntentSubmit>
      </Form>
    </section>
  );
}
