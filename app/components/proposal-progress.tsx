import { useT } from "~/i18n/react";

/** How many of the proposal's sections have nothing missing, as a bar and in words (never only in colour). */
export function ProposalProgress({ complete, total }: { complete: number; total: number }) {
  const t = useT();
  return (
    <p className="progress proposal-progress">
      <progress max={total} value={complete} aria-hidden="true" />
      <strong>{t("proposal.progress", { complete, total })}</strong>
    </p>
  );
}
