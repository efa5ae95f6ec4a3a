import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";

/** The two steps of setting up an authenticator app: scan (or type) the key, then give a code. */
export function EnrolInstructions({ qrSvg, typedKey }: { qrSvg: string; typedKey: string }) {
  const t = useT();
  return (
    <>
      <p>{t("twoFactor.enrol.lead")}</p>
      <ol className="stack">
        <li>
          <p>{t("twoFactor.enrol.scan")}</p>
          <div
            className="qr"
            role="img"
            aria-label={t("twoFactor.enrol.qrLabel")}
            // The SVG is drawn on the server from the key's URI: no user text, no script.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: markup made by uqr from our own string
            dangerouslySetInnerHTML={{ __html: qrSvg }}
          />
          <p>
            {t("twoFactor.enrol.typeKey")} <code className="typed-key">{typedKey}</code>
          </p>
        </li>
        <li>
          <p>{t("twoFactor.enrol.enterCode")}</p>
        </li>
      </ol>
    </>
  );
}

/** Shown once, right after they are made: the codes are not kept anywhere we can show again. */
export function RecoveryCodes({ codes, continueTo }: { codes: string[]; continueTo: string }) {
  const t = useT();
  return (
    <section aria-labelledby="recovery-heading" className="stack">
      <h2 id="recovery-heading">{t("twoFactor.recovery.title")}</h2>
      <p>{t("twoFactor.recovery.lead")}</p>
      <ul className="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <Link to={continueTo} className="button">
          {t("twoFactor.recovery.continue")}
        </Link>
      </p>
    </section>
  );
}
