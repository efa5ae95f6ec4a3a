import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";

/**
 * For an organisation the ward has not verified yet: what happens next, how long it usually takes,
 * and that drafting need not wait — only submission does. A returned one is told how to send it back.
 */
export function VerificationWait({
  organization,
  typicalDays,
}: {
  organization: { id: string; name: string; status: "unverified" | "returned"; note?: string | null };
  typicalDays: number | null;
}) {
  const t = useT();
  const headingId = `wait-${organization.id}`;
  if (organization.status === "returned") {
    return (
      <section className="notice stack" aria-labelledby={headingId}>
        <h2 id={headingId}>{t("verifyWait.returnedTitle", { name: organization.name })}</h2>
        {organization.note ? <p>{t("org.returnedNote", { note: organization.note })}</p> : null}
        <p>{t("verifyWait.returned")}</p>
        <p>
          <Link to={`/organizations/${organization.id}/edit`}>{t("verifyWait.edit")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="notice stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("verifyWait.title", { name: organization.name })}</h2>
      <p>{t("verifyWait.next")}</p>
      <p>{typicalDays ? t("verifyWait.usual", { days: typicalDays }) : t("verifyWait.usualUnknown")}</p>
      <p>{t("verifyWait.meanwhile")}</p>
    </section>
  );
}
