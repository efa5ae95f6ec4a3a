import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";

/** A public page whose feature has not landed yet: it answers 200 and says so plainly. */
export function PlaceholderPage({ title, lead }: { title: MessageKey; lead: MessageKey }) {
  const t = useT();
  return (
    <>
      <h1>{t(title)}</h1>
      <p className="lead">{t(lead)}</p>
      <p className="notice">{t("placeholder.soon")}</p>
    </>
  );
}
