import { useLocale, useT } from "~/i18n/react";
import type { SectionKey } from "~/models/proposal-rules";
import { formatDateTime } from "~/utils/japan-time";
import { sectionLabel } from "./proposal-problems";

export interface SavedVersion {
  section: SectionKey;
  version: number;
  at: string;
  by: string | null;
  /** Typed by a helper the organisation named (代理入力). */
  asHelper: boolean;
}

/** Who saved which section when, newest first: a helper's saves say so (代理入力). */
export function SavedVersions({ history }: { history: SavedVersion[] }) {
  const t = useT();
  const locale = useLocale();
  if (history.length === 0) return null;
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t("proposal.history")}</h2>
      <p className="hint">{t("proposal.history.hint")}</p>
      <ul className="saved-versions">
        {history.map((h) => (
          <li key={`${h.section}-${h.version}`}>
            {formatDateTime(h.at, locale)}　
            {t("proposal.history.entry", {
              section: t(sectionLabel(h.section)),
              version: h.version,
              name: h.by ?? t("proposal.history.gone"),
            })}
            {h.asHelper ? <strong>{t("proposal.history.helper")}</strong> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
