import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { kindLabel } from "~/models/reference-data";
import type { ReviewerProposalView } from "~/models/review-view";
import { DataTable } from "./data-table";
import { sectionLabel } from "./proposal-problems";

/** The whole proposal as a reviewer reads it (names already replaced where the theme hides them). */
export function ReviewerProposal({ proposal }: { proposal: ReviewerProposalView }) {
  const t = useT();
  return (
    <>
      <ul>
        {proposal.partners.map((p) => (
          <li key={p.key}>
            {p.name}（{t(kindLabel(p.kind))}）
          </li>
        ))}
      </ul>
      {proposal.contact ? (
        <p>
          {t("proposal.field.contactName")}：{proposal.contact.name}　{proposal.contact.email}　{proposal.contact.phone}
        </p>
      ) : null}
      <h3>{t(sectionLabel("basics"))}</h3>
      <p className="message">{proposal.summary}</p>
      <h3>{t(sectionLabel("problem"))}</h3>
      <p className="message">{proposal.problem}</p>
      <h3>{t(sectionLabel("activities"))}</h3>
      <p className="message">{proposal.activities}</p>
      <h3>{t(sectionLabel("roles"))}</h3>
      <ul>
        {proposal.roles.map((r) => (
          <li key={r.key}>
            {proposal.partners.find((p) => p.key === r.key)?.name}：{r.text}
          </li>
        ))}
      </ul>
      <h3>{t(sectionLabel("outcomes"))}</h3>
      <p className="message">{proposal.outcomes.text}</p>
      <ul>
        {proposal.outcomes.indicators.map((i) => (
          <li key={i.name}>
            {i.name}：{i.target}
          </li>
        ))}
      </ul>
      <h3>{t(sectionLabel("schedule"))}</h3>
      <ul>
        {proposal.schedule.map((m) => (
          <li key={`${m.date}-${m.title}`}>
            {m.date}　{m.title}
            {m.deliverable ? `（${m.deliverable}）` : ""}
          </li>
        ))}
      </ul>
      <h3>{t(sectionLabel("budget"))}</h3>
      <DataTable columns={[t("proposal.field.item"), t("proposal.field.category"), t("proposal.field.amount")]}>
        {proposal.budget.lines.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a fixed budget
          <tr key={i}>
            <td>{l.item}</td>
            <td>{t(`proposal.budget.category.${l.category}` as MessageKey)}</td>
            <td>{t("theme.amount", { amount: l.amount.toLocaleString("ja-JP") })}</td>
          </tr>
        ))}
      </DataTable>
      <p>
        {t("proposal.field.ownFunds")}：
        {t("theme.amount", { amount: proposal.budget.ownFunds.toLocaleString("ja-JP") })}
      </p>
      <p>
        {t("proposal.field.requested")}：
        {t("theme.amount", { amount: proposal.budget.requested.toLocaleString("ja-JP") })}
      </p>
    </>
  );
}
