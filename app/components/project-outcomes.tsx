import { useT } from "~/i18n/react";
import type { PublicOutcomes } from "~/models/project-outcomes";
import { DataTable } from "./data-table";

/**
 * A completed project's results on its public page, from the accepted final report: each indicator's
 * target and result, then each budget line's planned and spent amounts with their totals. Every
 * difference is said in words, never by colour alone.
 */
export function ProjectOutcomes({ outcomes, grant }: { outcomes: PublicOutcomes; grant: number }) {
  const t = useT();
  const yen = (n: number) => t("theme.amount", { amount: n.toLocaleString("ja-JP") });
  const { difference } = outcomes.totals;
  return (
    <section aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">{t("project.outcomes")}</h2>
      <p>{t("project.outcomes.lead")}</p>
      {outcomes.outcomes.length ? (
        <DataTable
          columns={[t("project.outcomes.indicator"), t("project.outcomes.target"), t("project.outcomes.achieved")]}
        >
          {outcomes.outcomes.map((o) => (
            <tr key={o.indicator}>
              <th scope="row">{o.indicator}</th>
              <td>{o.target}</td>
              <td>{o.achieved}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {outcomes.spending.length ? (
        <>
          <h3>{t("project.spending")}</h3>
          <DataTable columns={[t("project.spending.item"), t("project.spending.planned"), t("project.spending.spent")]}>
            {outcomes.spending.map((s) => (
              <tr key={s.item}>
                <th scope="row">{s.item}</th>
                <td className="amount">{yen(s.planned)}</td>
                <td className="amount">{yen(s.spent)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t("project.spending.total")}</th>
              <td className="amount">
                <strong>{yen(outcomes.totals.planned)}</strong>
              </td>
              <td className="amount">
                <strong>{yen(outcomes.totals.spent)}</strong>
              </td>
            </tr>
          </DataTable>
          <p>
            {t("project.spending.grant", { grant: yen(grant), spent: yen(outcomes.totals.spent) })}
            {difference < 0
              ? t("project.spending.under", { amount: yen(-difference) })
              : difference > 0
                ? t("project.spending.over", { amount: yen(difference) })
                : t("project.spending.even")}
          </p>
        </>
      ) : null}
    </section>
  );
}
