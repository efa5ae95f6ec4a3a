import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sitemap.title");

// Read: everyone. Every page a resident can reach without being invited, by what they came to do.
const SECTIONS: { heading: MessageKey; links: [string, MessageKey][] }[] = [
  {
    heading: "sitemap.find",
    links: [
      ["/themes", "themes.title"],
      ["/partners", "nav.partners"],
      ["/organizations", "nav.organizations"],
      ["/projects", "projects.title"],
      ["/opendata", "opendata.title"],
    ],
  },
  {
    heading: "sitemap.takePart",
    links: [
      ["/signup", "nav.signup"],
      ["/login", "login.title"],
      ["/me", "nav.me"],
      ["/organizations/new", "org.new.title"],
      ["/partners/new", "listing.new.title"],
      ["/proposals/new", "proposal.new.title"],
    ],
  },
  {
    heading: "sitemap.about",
    links: [
      ["/help", "footer.help"],
      ["/privacy", "footer.privacy"],
      ["/terms", "footer.terms"],
      ["/accessibility", "footer.accessibility"],
      ["/contact", "footer.contactPage"],
    ],
  },
];

export default function Sitemap() {
  const t = useT();
  return (
    <>
      <h1>{t("sitemap.title")}</h1>
      {SECTIONS.map((section) => (
        <section key={section.heading} aria-labelledby={section.heading}>
          <h2 id={section.heading}>{t(section.heading)}</h2>
          <ul className="sitemap">
            {section.links.map(([to, label]) => (
              <li key={to}>
                <Link to={to}>{t(label)}</Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
