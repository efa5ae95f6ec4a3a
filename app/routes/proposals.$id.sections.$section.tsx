import { getFormProps, useForm } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireProposal } from "~/auth/proposal-access.server";
import { BudgetTotals } from "~/components/budget-totals";
import { CheckboxField } from "~/components/choice-fields";
import { EmailField, ErrorSummary, SelectField, SubmitButton, TextAreaField, TextField } from "~/components/form";
import { sectionLabel } from "~/components/proposal-problems";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { can } from "~/models/proposal-policy";
import {
  BUDGET_CATEGORIES,
  budgetTotals,
  SECTIONS,
  type SectionContent,
  type SectionKey,
} from "~/models/proposal-rules";
import { parseSection } from "~/models/proposal-schemas";
import { saveSection } from "~/models/proposals.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFound } from "~/utils/http.server";
import { formatDateTime } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.title");

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

const ROWS: Partial<Record<SectionKey, number>> = { outcomes: 5, schedule: 6, budget: 10 };

function sectionKey(value: string | undefined): SectionKey {
  if (!v.is(v.picklist(SECTIONS), value)) throw notFound();
  return value;
}

/** The saved content as form values: strings, with spare empty rows so it works without JavaScript. */
function formValues(key: SectionKey, content: SectionContent[SectionKey]): Record<string, unknown> {
  const pad = <T,>(rows: T[], blank: T) => [
    ...rows,
    ...Array.from({ length: Math.max(0, (ROWS[key] ?? 0) - rows.length) }, () => blank),
  ];
  switch (key) {
    case "outcomes": {
      const c = content as SectionContent["outcomes"];
      return { text: c.text, indicators: pad(c.indicators, { name: "", target: "" }) };
    }
    case "schedule":
      return {
        milestones: pad((content as SectionContent["schedule"]).milestones, { title: "", date: "", deliverable: "" }),
      };
    case "budget": {
      const c = content as SectionContent["budget"];
      return {
        lines: pad(
          c.lines.map((l) => ({ ...l, amount: String(l.amount) })),
          { item: "", category: "", amount: "", note: "" },
        ),
        ownFunds: String(c.ownFunds),
        requested: String(c.requested),
      };
    }
    case "declaration":
      return { accepted: (content as SectionContent["declaration"]).accepted ? "on" : "" };
    default:
      return content as unknown as Record<string, unknown>;
  }
}

// Read: the team and staff. Write: the team, while the proposal is a draft.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const key = sectionKey(params.section);
  const { access, loaded } = await requireProposal(request, params.id ?? "", "readContent");
  const { proposal, content, versions, partners, rules } = loaded;
  return {
    id: proposal.id,
    key,
    editable: can(access.access, "edit") && proposal.status === "draft",
    version: versions[key]?.version ?? 1,
    values: formValues(key, content[key]),
    partners: partners.filter((p) => p.status === "accepted").map((p) => ({ id: p.organizationId, name: p.name })),
    declaration: proposal.declaration,
    totals: budgetTotals(content.budget, rules),
    rate: rules.subsidyRatePercent,
    // Reviewers of this theme see letters, not names: the text must not give the names away.
    anonymousReview: proposal.hide_names,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const key = sectionKey(params.section);
  const proposalId = params.id ?? "";
  const { user, loaded } = await requireProposal(request, proposalId, "edit");
  if (loaded.proposal.status !== "draft") throw redirect(`/proposals/${proposalId}`);
  const formData = await request.formData();
  const version = Number(formData.get("version"));
  const parsed = parseSection(key, formData);
  if (!parsed.ok) return data({ result: parsed.reply, conflict: null, version: null }, { status: 400 });
  const saved = await saveSection(services().db, {
    proposalId,
    section: key,
    content: parsed.content,
    expectedVersion: Number.isInteger(version) ? version : -1,
    userId: user.id,
    now: new Date(),
  });
  if (!saved.ok && saved.problem === "locked") throw redirect(`/proposals/${proposalId}`);
  if (!saved.ok && saved.problem === "conflict") {
    // Nothing of what was typed is lost: it comes back in the form, beside the saved version.
    return data(
      {
        result: parsed.submission.reply({ formErrors: ["proposal.conflict"] }),
        conflict: {
          values: formValues(key, saved.current.content as SectionContent[SectionKey]),
          updatedBy: saved.current.updatedBy ?? "",
          updatedAt: saved.current.updatedAt.toISOString(),
        },
        version: saved.current.version,
      },
      { status: 409 },
    );
  }
  return redirectWithFlash(`/proposals/${proposalId}`, "proposal.saved");
}

function SavedVersion({ values, section }: { values: Record<string, unknown>; section: SectionKey }) {
  // A plain read-only rendering of the other person's saved content.
  const lines: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string" && value.trim()) lines.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(values);
  return (
    <div className="message" data-section={section}>
      {lines.join("\n")}
    </div>
  );
}

export default function ProposalSection() {
  const t = useT();
  const locale = useLocale();
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm<SectionForm>({
    id: "field",
    lastResult: actionData?.result,
    defaultValue: d.values as Partial<SectionForm>,
    shouldValidate: "onSubmit",
  });
  const categories = BUDGET_CATEGORIES.map((c) => ({
    value: c,
    label: t(`proposal.budget.category.${c}` as MessageKey),
  }));
  const allFields = Object.values(fields) as (typeof fields)[keyof typeof fields][];
  const yen = (n: number) => n.toLocaleString("ja-JP");
  return (
    <>
      <p>
        <Link to={`/proposals/${d.id}`}>{t("proposal.back")}</Link>
      </p>
      <h1>{t(sectionLabel(d.key))}</h1>
      {!d.editable ? <p className="notice">{t("proposal.locked")}</p> : null}
      {d.editable && d.anonymousReview && d.key !== "basics" ? (
        <p className="notice">{t("proposal.anonymousReviewHint")}</p>
      ) : null}
      {actionData?.conflict ? (
        <section aria-labelledby="theirs-heading" className="notice">
          <h2 id="theirs-heading">
            {t("proposal.conflict.theirs", {
              name: actionData.conflict.updatedBy,
              date: formatDateTime(actionData.conflict.updatedAt, locale),
            })}
          </h2>
          <SavedVersion values={actionData.conflict.values} section={d.key} />
        </section>
      ) : null}
      <Form method="post" {...getFormProps(form)} noValidate className="stack">
        <ErrorSummary fields={allFields} formErrors={form.errors} />
        <input type="hidden" name="version" value={actionData?.version ?? d.version} />
        {d.key === "basics" ? (
          <>
            <TextField field={fields.title} label="proposal.field.title" required />
            <TextAreaField field={fields.summary} label="proposal.field.summary" rows={4} required />
            <TextField field={fields.contactName} label="proposal.field.contactName" autoComplete="name" required />
            <EmailField field={fields.contactEmail} label="proposal.field.contactEmail" hint={null} />
            <TextField field={fields.contactPhone} label="proposal.field.contactPhone" type="tel" inputMode="tel" />
          </>
        ) : null}
        {d.key === "problem" ? (
          <TextAreaField
            field={fields.text}
            label="proposal.field.problem"
            hint="proposal.field.problem.hint"
            rows={10}
            required
          />
        ) : null}
        {d.key === "activities" ? (
          <TextAreaField
            field={fields.text}
            label="proposal.field.activities"
            hint="proposal.field.activities.hint"
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
            {fields.indicators.getFieldList().map((row, i) => {
              const f = row.getFieldset();
              return (
                <fieldset key={row.key} className="criterion">
                  <legend>{t("proposal.rowN", { n: i + 1 })}</legend>
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
          ? fields.milestones.getFieldList().map((row, i) => {
              const f = row.getFieldset();
              return (
                <fieldset key={row.key} className="criterion">
                  <legend>{t("proposal.rowN", { n: i + 1 })}</legend>
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
            <BudgetTotals totals={d.totals} />
            <p className="field-hint">{t("proposal.maxGrant", { max: yen(d.totals.maxGrant), rate: d.rate })}</p>
            <h2>{t("proposal.field.budgetLines")}</h2>
            {fields.lines.getFieldList().map((row, i) => {
              const f = row.getFieldset();
              return (
                <fieldset key={row.key} className="criterion">
                  <legend>{t("proposal.rowN", { n: i + 1 })}</legend>
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
            <CheckboxField field={fields.accepted} label="proposal.field.accepted" />
          </>
        ) : null}
        {d.editable ? <SubmitButton>{t("proposal.save")}</SubmitButton> : null}
      </Form>
    </>
  );
}
