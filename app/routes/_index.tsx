import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";

export default function Home() {
  const t = useT();
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>
      <ol className="steps">
        <li>
          <Link to="/themes">{t("home.step1")}</Link>
        </li>
        <li>
          <Link to="/partners">{t("home.step2")}</Link>
        </li>
        <li>
          <Link to="/projects">{t("home.step3")}</Link>
        </li>
      </ol>
    </>
  );
}
