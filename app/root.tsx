import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import type { ClientLoaderFunctionArgs, ShouldRevalidateFunction } from "@remix-run/react";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  type useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";
import { canReadOutbox, currentSession, hasRole } from "./auth/session.server";
import { DEFAULT_LOCALE, holdsCatalog, isLocale, loadCatalog, STAFF_WORDS_ROLES, translator } from "./i18n";
import { useLocale, useT } from "./i18n/react";
import stylesHref from "./styles/app.css";
import { takeFlash } from "./utils/flash.server";
import { getLocale } from "./utils/locale.server";
import { useNonce } from "./utils/nonce";
import type { FaultData } from "./utils/route-guard.server";
import { unreadForRequest } from "./web/personal-pages.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
];

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const t = translator(data?.locale ?? DEFAULT_LOCALE);
  if (!error) return [{ title: t("site.name") }, { name: "description", content: t("site.tagline") }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key =
    status === 404 ? "error.notFound.title" : status === 403 ? "error.forbidden.title" : "error.generic.title";
  return [{ title: `${t(key)} | ${t("site.name")}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, session, flash] = await Promise.all([getLocale(request), currentSession(request), takeFlash(request)]);
  const headers = new Headers();
  if (session.setCookie) headers.append("Set-Cookie", session.setCookie);
  if (flash.setCookie) headers.append("Set-Cookie", flash.setCookie);
  const user = session.user;
  const unread = user ? await unreadForRequest(user.id) : 0;
  return data(
    {
      locale,
      flash: flash.message,
      user: user
        ? {
            name: user.name,
            isAdmin: hasRole(user, "admin"),
            isStaff: hasRole(user, "staff"),
            isReviewer: user.role === "reviewer" || user.role === "staff",
            emailVerified: user.emailVerified,
            unread,
          }
        : null,
      // The outbox link: for everyone on the demo; for admins where mail is not being delivered.
      mailbox: canReadOutbox(user),
      /** Whether this person's pages use staff's wording (ja-staff.ts), which the browser then loads. */
      staffWords: user ? STAFF_WORDS_ROLES.includes(user.role) : false,
    },
    { headers },
  );
}

/**
 * In the browser, before the next page renders: the first page came with its own words only
 * (entry.client), so the first navigation waits for the language's whole catalog; and someone who
 * has just signed in as staff (or been made a reviewer) gets staff's wording.
 */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const root = await serverLoader<typeof loader>();
  await loadCatalog(root.locale, root.staffWords);
  return root;
}

/** Root runs again (and so its clientLoader) until the browser holds the whole catalog. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ defaultShouldRevalidate }) => {
  const { lang } = document.documentElement;
  return defaultShouldRevalidate || !holdsCatalog(isLocale(lang) ? lang : DEFAULT_LOCALE);
};

type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

function Header({ root }: { root: RootData | undefined }) {
  const t = useT();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  const locale = root?.locale ?? "ja";
  const user = root?.user ?? null;
  const menu = useRef<HTMLDetailsElement>(null);
  const shownPath = useRef(location.pathname);
  // After a link in the opened phone menu is followed, fold it again — only then: a menu opened
  // before the page's JavaScript woke up (a slow phone) must stay open when it does.
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    if (menu.current) menu.current.open = false;
  }, [location.pathname]);
  return (
    <header className="site-header">
      <div className="site-header-top">
        <Link to="/" className="site-name">
          {t("site.name")}
        </Link>
        {/* A full page load: the browser holds only the current language's catalog. */}
        <Form method="post" action="/lang" className="lang-switch" reloadDocument>
          <input type="hidden" name="lang" value={locale === "ja" ? "en" : "ja"} />
          <input type="hidden" name="redirectTo" value={here} />
          <button type="submit" className="link-button" lang={locale === "ja" ? "en" : "ja"}>
            {t("lang.switchTo")}
          </button>
        </Form>
      </div>
      {/* Folded behind one button on a phone (a details element: no JavaScript needed); always open on a wide screen (app.css). */}
      <details className="site-menu" ref={menu}>
        <summary className="menu-button">{t("nav.menu")}</summary>
        <nav aria-label={t("nav.label")}>
          <ul className="nav-list">
            <li>
              <NavLink to="/themes">{t("nav.themes")}</NavLink>
            </li>
            <li>
              <NavLink to="/partners">{t("nav.partners")}</NavLink>
            </li>
            <li>
              <NavLink to="/organizations">{t("nav.organizations")}</NavLink>
            </li>
            <li>
              <NavLink to="/projects">{t("nav.projects")}</NavLink>
            </li>
            <li>
              <NavLink to="/opendata">{t("nav.opendata")}</NavLink>
            </li>
            {user ? (
              <>
                <li>
                  <NavLink to="/me">{t("nav.me")}</NavLink>
                </li>
                <li>
                  <NavLink to="/notifications">
                    {user.unread > 0 ? t("notifications.unread", { count: user.unread }) : t("nav.notifications")}
                  </NavLink>
                </li>
                {user.isReviewer ? (
                  <li>
                    <NavLink to="/reviews">{t("nav.reviews")}</NavLink>
                  </li>
                ) : null}
                <li>
                  <Form method="post" action="/logout">
                    <button type="submit" className="link-button">
                      {t("nav.logout")}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/login">{t("nav.login")}</NavLink>
                </li>
                <li>
                  <NavLink to="/signup">{t("nav.signup")}</NavLink>
                </li>
              </>
            )}
            {root?.mailbox ? (
              <li>
                <NavLink to="/dev/mail">{t("nav.devMail")}</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        {user?.isStaff ? (
          // The ward's own work, as a group of its own: it no longer runs the public menu onto three lines.
          <nav aria-label={t("nav.staffLabel")} className="staff-nav">
            <span className="nav-group-label" aria-hidden="true">
              {t("nav.staffGroup")}
            </span>
            <ul className="nav-list">
              <li>
                <NavLink to="/staff" end>
                  {t("nav.staffHome")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/staff/themes">{t("nav.staffThemes")}</NavLink>
              </li>
              <li>
                <NavLink to="/staff/organizations">{t("nav.staffOrganizations")}</NavLink>
              </li>
              <li>
                <NavLink to="/staff/projects">{t("nav.staffProjects")}</NavLink>
              </li>
              <li>
                <NavLink to="/staff/stats">{t("nav.staffStats")}</NavLink>
              </li>
              {user.isAdmin ? (
                <li>
                  <NavLink to="/admin/users">{t("nav.admin")}</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </details>
    </header>
  );
}

function Footer() {
  const t = useT();
  return (
    <footer className="site-footer">
      <p>{t("footer.about")}</p>
      <p>
        {t("footer.contact")}
        <br />
        <a href={t("footer.phoneHref")}>{t("footer.phone")}</a>　{t("footer.hours")}
      </p>
      <nav aria-label={t("footer.links")}>
        <ul className="footer-links">
          <li>
            <Link to="/help">{t("footer.help")}</Link>
          </li>
          <li>
            <Link to="/contact">{t("footer.contactPage")}</Link>
          </li>
          <li>
            <Link to="/privacy">{t("footer.privacy")}</Link>
          </li>
          <li>
            <Link to="/terms">{t("footer.terms")}</Link>
          </li>
          <li>
            <Link to="/accessibility">{t("footer.accessibility")}</Link>
          </li>
          <li>
            <Link to="/sitemap">{t("footer.sitemap")}</Link>
          </li>
        </ul>
      </nav>
      <p>{t("footer.opendata")}</p>
    </footer>
  );
}

/** Wraps pages and error pages alike, so a 404 still has the header, the menu and the footer. */
export function Layout({ children }: { children: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const root = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang={locale} data-staff-words={root?.staffWords ? "true" : undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          {t("site.skip")}
        </a>
        <Header root={root} />
        <main id="main" tabIndex={-1}>
          {root?.flash ? (
            <p className="flash" role="status">
              {t(root.flash)}
            </p>
          ) : null}
          {children}
        </main>
        <Footer />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

function faultOf(error: unknown): FaultData | null {
  if (!isRouteErrorResponse(error) || typeof error.data !== "object" || error.data === null) return null;
  return "fault" in error.data ? (error.data as FaultData) : null;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const location = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const fault = faultOf(error);
  const [titleKey, bodyKey] =
    status === 404
      ? (["error.notFound.title", "error.notFound.body"] as const)
      : status === 403
        ? (["error.forbidden.title", "error.forbidden.body"] as const)
        : status === 503
          ? (["error.unavailable.title", "error.unavailable.body"] as const)
          : status >= 400 && status < 500
            ? (["error.badRequest.title", "error.badRequest.body"] as const)
            : (["error.generic.title", "error.generic.body"] as const);
  const resend = status === 503 ? fault?.resend : undefined;
  // The failed form goes back to the same action: an index route's action is addressed with ?index.
  const kept = new URLSearchParams(location.search);
  kept.delete("index");
  const query = [resend?.index ? "index" : "", kept.toString()].filter(Boolean).join("&");
  const resendTo = query ? `${location.pathname}?${query}` : location.pathname;
  // Never the stack trace: it helps attackers and frightens everyone else.
  return (
    <>
      <h1>{t(titleKey)}</h1>
      <p>{t(bodyKey)}</p>
      {resend ? <p role="alert">{t("error.unavailable.notSaved")}</p> : null}
      {resend && resend.values.length > 0 ? (
        <form
          method="post"
          action={resendTo}
          encType={resend.multipart ? "multipart/form-data" : undefined}
          className="stack"
        >
          <p>{t("error.unavailable.resendHint")}</p>
          {resend.leftOutSecrets ? <p>{t("error.unavailable.passwords")}</p> : null}
          {resend.multipart ? <p>{t("error.unavailable.filesAgain")}</p> : null}
          {resend.values.map(([name, value], i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a form may repeat a name; order is the identity
            <input key={i} type="hidden" name={name} value={value} />
          ))}
          <p>
            <button type="submit">{t("error.unavailable.resend")}</button>
          </p>
        </form>
      ) : null}
      {fault?.errorId && status >= 500 ? (
        <p>
          {t("error.number", { id: fault.errorId })}
          <br />
          {t("error.numberHint")}
        </p>
      ) : null}
      <p>
        <Link to="/">{t("error.home")}</Link>
      </p>
    </>
  );
}
