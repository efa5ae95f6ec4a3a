import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import type { BudgetTotals, SectionContent, SectionKey } from "~/models/proposal-rules";
import { kindLabel } from "~/models/reference-data";
import { formatPlainDate } from "~/utils/japan-time";
import { sectionLabel } from "./proposal-problems";

/**
 * The whole proposal as it is sent to the ward: the print view's pages and the confirmation page
 * before submitting. `editHref`, when given, puts a link to correct each section under its heading.
 */
export function ProposalDocument({
  content: c,
  partners,
  totals,
  editHref,
}: {
  content: SectionContent;
  partners: { id: string; name: string; kind: string }[];
  totals: BudgetTotals;
  editHref?: (key: SectionKey) => string;
}) {
  const t = useT();
  const locale = useLocale();
  const yen = (n: number) => t("theme.amount", { amount: n.toLocaleString("ja-JP") });
  const heading = (key: SectionKey) => (
    <>
      <h2>{t(sectionLabel(key))}</h2>
      {editHref ? (
        <p className="no-print">
          <Link to={editHref(key)}>{t("proposal.confirm.edit", { section: t(sectionLabel(key)) })}</Link>
        </p>
      ) : null}
    </>
  );
  return (
    <>
      <h2>{t("proposal.partners")}</h2>
      <ul>
        {partners.map((p) => (
          <li key={p.id}>
            {p.name}（{t(kindLabel(p.kind))}）
          </li>
        ))}
      </ul>
      {heading("basics")}
      <p className="message">{c.basics.summary}</p>
      <p>
        {t("proposal.field.contactName")}：{c.basics.contactName}　{c.basics.contactEmail}　{c.basics.contactPhone}
      </p>
      {heading("problem")}
      <p className="message">{c.problem.text}</p>
      {heading("activities")}
      <p className="message">{c.activities.text}</p>
      {heading("roles")}
      <dl>
        {partners.map((p) => (
          <div key={p.id}>
            <dt>{p.name}</dt>
            <dd className="message">{c.roles.roles[p.id] ?? ""}</dd>
          </div>
        ))}
      </dl>
      {heading("outcomes")}
      <p className="message">{c.outcomes.text}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("proposal.field.indicatorName")}</th>
            <th scope="col">{t("proposal.field.indicatorTarget")}</th>
          </tr>
        </thead>
        <tbody>
          {c.outcomes.indicators.map((i) => (
            <tr key={i.name}>
              <td>{i.name}</td>
              <td>{i.target}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {heading("schedule")}
      <table>
        <thead>
          <tr>
            <th scope="col">{t("proposal.field.milestoneDate")}</th>
            <th scope="col">{t("proposal.field.milestoneTitle")}</th>
            <th scope="col">{t("proposal.field.milestoneDeliverable")}</th>
          </tr>
        </thead>
        <tbody>
          {c.schedule.milestones.map((m) => (
            <tr key={`${m.date}-${m.title}`}>
              <td>{m.date ? formatPlainDate(m.date, locale) : ""}</td>
              <td>{m.title}</td>
              <td>{m.deliverable}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {heading("budget")}
      <table>
        <thead>
          <tr>
            <th scope="col">{t("proposal.field.item")}</th>
            <th scope="col">{t("proposal.field.category")}</th>
            <th scope="col">{t("proposal.field.amount")}</th>
            <th scope="col">{t("proposal.field.note")}</th>
          </tr>
        </thead>
        <tbody>
          {c.budget.lines.map((l) => (
            <tr key={`${l.item}-${l.amount}-${l.note}`}>
              <td>{l.item}</td>
              <td>{t(`proposal.budget.category.${l.category}` as MessageKey)}</td>
              <td className="amount">{yen(l.amount)}</td>
              <td>{l.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t("proposal.totals", {
          total: totals.total.toLocaleString("ja-JP"),
          requested: totals.requested.toLocaleString("ja-JP"),
          own: totals.ownFunds.toLocaleString("ja-JP"),
        })}
      </p>
      {heading("declaration")}
      <p>{c.declaration.accepted ? `☑ ${t("proposal.field.accepted")}` : `☐ ${t("proposal.field.accepted")}`}</p>
    </>
  );
}
