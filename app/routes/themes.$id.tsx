import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { requireVerifiedUser } from "~/auth/session.server";
import { requireVisibleTheme } from "~/auth/theme-access.server";
import { DataTable } from "~/components/data-table";
import { useLocale, useT } from "~/i18n/react";
import { requestConsultation } from "~/models/consultations.server";
import { filesOf } from "~/models/files.server";
import { mailAllowed } from "~/models/mail-limits.server";
import { suggestedPartners } from "~/models/partner-suggestions.server";
import { fieldLabel, kindLabel } from "~/models/reference-data";
import { fundedProposals } from "~/models/review-decisions.server";
import { askQuestion, myQuestions, publishedQuestions } from "~/models/theme-questions.server";
import { themeDescription, themePhase } from "~/models/theme-rules";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest } from "~/utils/http.server";
import { daysLeft, formatDateTime } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { dataTitle } from "~/utils/meta";
import { parseConsultation, parseQuestion } from "~/web/theme-submission.server";

const ThemeMemberForms = lazy(() => import("~/components/theme-member-forms"));

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.title);

const fileSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)}MB` : `${Math.ceil(bytes / 1024)}KB`;
const typeName = (contentType: string) =>
  contentType === "application/pdf"
    ? "PDF"
    : contentType.startsWith("image/")
      ? contentType.slice(6).toUpperCase()
      : contentType.includes("sheet") || contentType.includes("excel")
        ? "Excel"
        : "Word";

// Read: anyone, once published (a draft only by staff, as a preview: requireVisibleTheme). Write: signed-in members ask a
// question or request a consultation.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { theme, user } = await requireVisibleTheme(request, params.id ?? "");
  const { db } = services();
  const now = new Date();
  const phase = themePhase(theme, now);
  const [files, questions, mine, funded, suggested] = await Promise.all([
    filesOf(db, "theme", theme.id),
    publishedQuestions(db, theme.id),
    user ? myQuestions(db, theme.id, user.id) : [],
    theme.status === "results_released" ? fundedProposals(db, theme.id) : [],
    phase === "open" || phase === "upcoming"
      ? suggestedPartners(db, { fields: theme.fields, requiredKinds: theme.required_kinds, now })
      : [],
  ]);
  return {
    id: theme.id,
    title: theme.title,
    course: { ja: theme.course_name_ja, en: theme.course_name_en },
    phase,
    suggested: suggested.map((o) => ({ id: o.id, name: o.name, kind: o.kind, listing: o.listing })),
    daysLeft: daysLeft(theme.closes_at, now),
    ...themeDescription(theme),
    capPerYear: theme.grant_cap_per_year,
    capTotal: theme.grant_cap_total,
    rate: theme.subsidy_rate_percent,
    years: theme.duration_years,
    awards: theme.awards_planned,
    reserved: theme.reserved_slots,
    reservedFor: theme.reserved_for_kind,
    requiredKinds: theme.required_kinds,
    minOrganizations: theme.min_organizations,
    declaration: theme.declaration,
    opensAt: theme.opens_at.toISOString(),
    closesAt: theme.closes_at.toISOString(),
    updatedAt: theme.updated_at.toISOString(),
    publishedAt: theme.published_at?.toISOString() ?? null,
    criteria: theme.criteria.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      weight: c.weight,
      maxScore: c.max_score,
    })),
    files: files.map((f) => ({ id: f.id, label: f.label, type: typeName(f.content_type), size: fileSize(f.size) })),
    questions: questions.map((q) => ({ id: q.id, question: q.question, answer: q.answer ?? "" })),
    mine: mine.filter((q) => q.published_at === null).map((q) => ({ id: q.id, question: q.question })),
    signedIn: user !== null,
    verified: user?.emailVerified ?? false,
    // No proposal ids on a public page: joined with a reviewer's links they would name an anonymised proposal.
    funded: funded.map((f) => ({ title: f.title, organizations: f.organizations, amount: f.amount })),
  };
}

// Write: verified members. Both intents reach ward staff, so an account made a minute ago with an
// unproven address cannot use the site to write to them; consultations e-mail staff and are limited.
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const { theme } = await requireVisibleTheme(request, params.id ?? "");
  const { db, config } = services();
  const formData = await request.formData();
  const intent = formData.get("intent");
  const now = new Date();
  if (intent === "ask") {
    const submission = parseQuestion(formData);
    if (submission.status !== "success")
      return data({ intent: "ask" as const, result: submission.reply() }, { status: 400 });
    await askQuestion(
      db,
      { themeId: theme.id, userId: user.id, question: submission.value.question, now },
      { publicUrl: config.publicUrl, locale: await getLocale(request), now },
    );
    return redirectWithFlash(`/themes/${theme.id}`, "theme.qa.sent");
  }
  if (intent === "consult") {
    const submission = parseConsultation(formData);
    if (submission.status !== "success")
      return data({ intent: "consult" as const, result: submission.reply() }, { status: 400 });
    if (
      !(await mailAllowed(db, { purpose: "consultation", target: user.id, clientAddress: context.clientAddress, now }))
    )
      return data(
        { intent: "consult" as const, result: submission.reply({ formErrors: ["mail.limited"] }) },
        { status: 429 },
      );
    const id = await requestConsultation(
      db,
      { themeId: theme.id, userId: user.id, subject: submission.value.subject, message: submission.value.message },
      { publicUrl: config.publicUrl, locale: await getLocale(request), now },
    );
    return redirectWithFlash(`/consultations/${id}`, "theme.consult.sent");
  }
  throw badRequest();
}

export default function ThemePage() {
  const t = useT();
  const answer = useActionData<typeof action>();
  const locale = useLocale();
  const location = useLocation();
  const theme = useLoaderData<typeof loader>();
  const yen = (n: number) => t("theme.amount", { amount: n.toLocaleString("ja-JP") });
  const login = `/login?redirectTo=${encodeURIComponent(location.pathname)}`;
  return (
    <>
      <p>
        <Link to="/themes">{t("themes.title")}</Link>
      </p>
      <p>
        <span className={`phase phase-${theme.phase}`}>{t(`theme.phase.${theme.phase}`)}</span>{" "}
        {locale === "ja" ? theme.course.ja : theme.course.en}
      </p>
      <h1>{theme.title}</h1>
      <p className="lead">{theme.summary}</p>
      <p className="deadline">
        {t("themes.deadline", { date: formatDateTime(theme.closesAt, locale) })}
        {theme.phase === "open"
          ? `（${theme.daysLeft === 0 ? t("themes.lastDay") : t("themes.daysLeft", { days: theme.daysLeft })}）`
          : ""}
      </p>
      {theme.phase === "open" || theme.phase === "upcoming" ? (
        <p>
          <a href={`/themes/${theme.id}/calendar.ics`} download>
            {t("calendar.add")}
          </a>
        </p>
      ) : null}

      <div className="notice">
        {theme.phase !== "open" ? (
          <p>{t("theme.notOpen")}</p>
        ) : theme.signedIn ? (
          <p>
            <Link to={`/proposals/new?theme=${theme.id}`} className="button">
              {t("theme.startProposal")}
            </Link>
          </p>
        ) : (
          <p>
            <Link to={login} className="button">
              {t("theme.startLogin")}
            </Link>
          </p>
        )}
        {theme.phase === "open" || theme.phase === "upcoming" ? (
          <ul>
            <li>
              <Link to={`/partners?theme=${theme.id}`}>{t("theme.partnersFor")}</Link>
            </li>
            {theme.signedIn ? (
              <li>
                <Link to={`/partners/new?theme=${theme.id}`}>{t("theme.postListingFor")}</Link>
              </li>
            ) : null}
          </ul>
        ) : null}
      </div>

      {theme.suggested.length ? (
        <section aria-labelledby="suggested-heading">
          <h2 id="suggested-heading">{t("theme.suggested")}</h2>
          <p>{t("theme.suggested.lead")}</p>
          <ul>
            {theme.suggested.map((o) => (
              <li key={o.id}>
                <Link to={`/organizations/${o.id}`}>{o.name}</Link>（{t(kindLabel(o.kind))}）
                {o.listing ? <span className="badge">{t("theme.suggested.listing")}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {theme.funded.length ? (
        <section aria-labelledby="funded-heading">
          <h2 id="funded-heading">{t("theme.funded")}</h2>
          <ul>
            {theme.funded.map((f) => (
              <li key={`${f.title}-${f.organizations}`}>
                {f.title}（{f.organizations}・{yen(f.amount)}）
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2>{t("theme.background")}</h2>
      <p className="message">{theme.background}</p>
      <h2>{t("theme.expectations")}</h2>
      <p className="message">{theme.expectations}</p>

      <h2>{t("theme.conditions")}</h2>
      <dl>
        <dt>{t("theme.window")}</dt>
        <dd>
          {t("theme.windowValue", {
            opens: formatDateTime(theme.opensAt, locale),
            closes: formatDateTime(theme.closesAt, locale),
          })}
        </dd>
        <dt>{t("theme.capPerYear")}</dt>
        <dd>{yen(theme.capPerYear)}</dd>
        <dt>{t("theme.capTotal")}</dt>
        <dd>{yen(theme.capTotal)}</dd>
        <dt>{t("theme.rate")}</dt>
        <dd>{t("theme.rateValue", { percent: theme.rate })}</dd>
        <dt>{t("theme.duration")}</dt>
        <dd>{t("theme.durationValue", { years: theme.years })}</dd>
        <dt>{t("theme.awards")}</dt>
        <dd>{t("theme.awardsValue", { count: theme.awards })}</dd>
        {theme.reserved > 0 && theme.reservedFor ? (
          <>
            <dt>{t("theme.reserved")}</dt>
            <dd>{t("theme.reservedValue", { count: theme.reserved, kind: t(kindLabel(theme.reservedFor)) })}</dd>
          </>
        ) : null}
        <dt>{t("theme.minOrganizations")}</dt>
        <dd>{t("theme.minOrganizationsValue", { count: theme.minOrganizations })}</dd>
        {theme.requiredKinds.length ? (
          <>
            <dt>{t("theme.requiredKinds")}</dt>
            <dd>{theme.requiredKinds.map((k) => t(kindLabel(k))).join("、")}</dd>
          </>
        ) : null}
        {theme.fields.length ? (
          <>
            <dt>{t("filter.field")}</dt>
            <dd>{theme.fields.map((f) => t(fieldLabel(f))).join("、")}</dd>
          </>
        ) : null}
        <dt>{t("theme.department")}</dt>
        <dd>{theme.department}</dd>
        <dt>{t("theme.contact")}</dt>
        <dd>{theme.contact}</dd>
      </dl>
      <h3>{t("theme.declaration")}</h3>
      <p className="message">{theme.declaration}</p>

      <h2>{t("theme.criteria")}</h2>
      <DataTable columns={[t("theme.criterion"), t("theme.weight"), t("theme.maxScore")]}>
        {theme.criteria.map((c) => (
          <tr key={c.id}>
            <th scope="row">
              {c.name}
              {c.description ? <p className="field-hint">{c.description}</p> : null}
            </th>
            <td>{c.weight}</td>
            <td>{c.maxScore}</td>
          </tr>
        ))}
      </DataTable>

      <h2>{t("theme.attachments")}</h2>
      {theme.files.length ? (
        <ul>
          {theme.files.map((f) => (
            <li key={f.id}>
              <a href={`/files/${f.id}`} download>
                {t("theme.download", { label: f.label, type: f.type, size: f.size })}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("theme.noAttachments")}</p>
      )}

      <h2 id="qa">{t("theme.qa")}</h2>
      {theme.questions.length === 0 ? <p>{t("theme.qa.none")}</p> : null}
      <dl className="qa">
        {theme.questions.map((q) => (
          <div key={q.id} className="card">
            <dt>
              {t("theme.qa.q")}：{q.question}
            </dt>
            <dd className="message">
              {t("theme.qa.a")}：{q.answer}
            </dd>
          </div>
        ))}
      </dl>

      {theme.signedIn ? (
        <>
          {theme.mine.length ? (
            <>
              <h3>{t("theme.qa.mine")}</h3>
              <ul>
                {theme.mine.map((q) => (
                  <li key={q.id}>
                    {q.question}（{t("theme.qa.waiting")}）
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {/* Loaded only for a verified member: visitors never download the form library. */}
          {theme.verified ? (
            <Suspense fallback={null}>
              <ThemeMemberForms
                lastAsk={answer?.intent === "ask" ? answer.result : undefined}
                lastConsult={answer?.intent === "consult" ? answer.result : undefined}
              />
            </Suspense>
          ) : (
            <p className="notice">
              {t("theme.qa.verifyFirst")} <Link to="/me">{t("nav.me")}</Link>
            </p>
          )}
        </>
      ) : (
        <p>
          {t("theme.qa.loginFirst")} <Link to={login}>{t("nav.login")}</Link>
        </p>
      )}
      <p className="message-meta">{t("theme.updated", { date: formatDateTime(theme.updatedAt, locale) })}</p>
    </>
  );
}
