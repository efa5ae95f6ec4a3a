import { useT } from "~/i18n/react";

/** Milestones done out of all, as a bar and in words (never only in colour). */
export function ProgressBar({ approved, total }: { approved: number; total: number }) {
  const t = useT();
  const percent = total === 0 ? 0 : Math.round((approved / total) * 100);
  return (
    <div className="progress">
      <progress max={total || 1} value={approved} aria-label={t("project.progress", { approved, total })} />
      <span>
        {t("project.progress", { approved, total })}（{percent}%）
      </span>
    </div>
  );
}
