import { useT } from "~/i18n/react";

/** The budget's bottom line: the total cost, the grant asked for and the team's own funds, in yen. */
export function BudgetTotals({ totals }: { totals: { total: number; requested: number; ownFunds: number } }) {
  const t = useT();
  const yen = (n: number) => n.toLocaleString("ja-JP");
  return (
    <p>
      {t("proposal.totals", { total: yen(totals.total), requested: yen(totals.requested), own: yen(totals.ownFunds) })}
    </p>
  );
}
