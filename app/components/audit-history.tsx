import { isMessageKey, type MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { formatDateTime } from "~/utils/japan-time";

/** One entry of a history as the loader sends it (see historyEntries in audit.server.ts). */
export interface HistoryEntry {
  id: number;
  action: string;
  at: string;
  actor: string | null;
  subject: string | null;
  changed: string[];
  decision: "funded" | "not_funded" | null;
  amount: number | null;
}

/** A history in words: when, who, what, and about whom (never a raw action code when words exist). */
export function AuditHistory({ entries }: { entries: HistoryEntry[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ul>
      {entries.map((e) => (
        <li key={e.id}>
          {formatDateTime(e.at, locale)}　
          {t("audit.entry", {
            who: e.actor ?? t("audit.system"),
            what: isMessageKey(`audit.${e.action}`) ? t(`audit.${e.action}` as MessageKey) : e.action,
          })}
          {e.subject ? `：${e.subject}` : ""}
          {e.decision
            ? `（${
                e.decision === "funded"
                  ? t("staffReview.decidedFunded", { amount: (e.amount ?? 0).toLocaleString("ja-JP") })
                  : t("staffReview.notFunded")
              }）`
            : ""}
          {e.changed.length ? `（${e.changed.join(", ")}）` : ""}
        </li>
      ))}
    </ul>
  );
}
