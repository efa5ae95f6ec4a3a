import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { getUser, requireVerifiedUser } from "~/auth/session.server";
import { PartnershipRequestSection } from "~/components/partnership-request";
import { VerificationWait } from "~/components/verification-wait";
import type { MessageKey } from "~/i18n";
import { translator } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { can } from "~/models/organization-policy";
import { typicalVerificationDays } from "~/models/organization-verification.server";
import { getOrganization, membershipOf, organizationsOfUser } from "~/models/organizations.server";
import { requestSchema } from "~/models/partner-schemas";
import { listingsOfOrganization } from "~/models/partners.server";
import { REQUESTS_PER_DAY, type RequestProblem, sendPartnershipRequest } from "~/models/partnership-requests.server";
import { projectsOfOrganization } from "~/models/projects.server";
import { areaLabel, fieldLabel, kindLabel } from "~/models/reference-data";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFound } from "~/utils/http.server";
import { formatDate } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { dataTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.name);

// Read: anyone; the contact the organisation chose to share only for members with a confirmed
// address (never anyone's log-in address). Write: a verified member of another organisation asks a
// verified one to work together (as from a listing, with the same daily limit).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = services();
  const now = new Date();
  const [organization, user] = await Promise.all([getOrganization(db, params.id ?? ""), getUser(request)]);
  if (!organization) throw notFound();
  const [listings, history, membership, mine] = await Promise.all([
    listingsOfOrganization(db, organization.id, now),
    projectsOfOrganization(db, organization.id),
    user ? membershipOf(db, organization.id, user.id) : null,
    user ? organizationsOfUser(db, user.id) : [],
  ]);
  // Its members are told what happens next while the ward has not verified it (nobody else is).
  const waiting = membership !== null && organization.verification_status !== "verified";
  return {
    id: organization.id,
    name: organization.name,
    kind: organization.kind,
    areas: organization.areas,
    fields: organization.fields,
    description: organization.description,
    foundedYear: organization.founded_year,
    memberCount: organization.member_count,
    status: organization.verification_status,
    contact: user?.emailVerified
      ? { email: organization.contact_email, phone: organization.contact_phone, website: organization.website }
      : null,
    website: organization.website,
    listings: listings.map((l) => ({ id: l.id, title: l.title, endsAt: l.ends_at.toISOString() })),
    history: {
      funded: history.funded,
      completed: history.completed,
      projects: history.projects.map((p) => ({
        id: p.id,
        title: p.title,
        status: p.status,
        lead: p.role === "lead",
        fundedAt: p.created_at.toISOString(),
      })),
    },
    membership,
    contactable: organization.verification_status === "verified" && membership === null,
    signedIn: user !== null,
    verified: user?.emailVerified ?? false,
    requestLimit: REQUESTS_PER_DAY,
    senders: mine.filter((o) => o.id !== organization.id).map((o) => ({ value: o.id, label: o.name })),
    wait: waiting ? { note: organization.verification_note, typicalDays: await typicalVerificationDays(db) } : null,
  };
}

const requestProblems: Record<Exclude<RequestProblem, "not_found">, MessageKey> = {
  not_member: "validation.listing.organization",
  own_listing: "request.ownListing",
  listing_closed: "request.listingClosed",
  rate_limited: "request.rateLimited",
  duplicate: "request.duplicate",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const { db, config } = services();
  const submission = parseSubmission(await request.formData(), { schema: requestSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const locale = await getLocale(request);
  const result = await sendPartnershipRequest(
    db,
    {
      toOrganizationId: params.id ?? "",
      fromOrganizationId: submission.value.organizationId,
      user,
      message: submission.value.message,
    },
    { publicUrl: config.publicUrl, locale, now: new Date() },
  );
  if (!result.ok) {
    if (result.problem === "not_found") throw notFound();
    const message = translator(locale)(requestProblems[result.problem], { limit: REQUESTS_PER_DAY });
    return data(submission.reply({ formErrors: [message] }), { status: result.problem === "rate_limited" ? 429 : 409 });
  }
  return redirectWithFlash(`/requests/${result.requestId}`, "request.sent");
}

export default function OrganizationPage() {
  const t = useT();
  const locale = useLocale();
  const org = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const location = useLocation();
  return (
    <>
      <p>
        <Link to="/organizations">{t("organizations.title")}</Link>
      </p>
      <h1>{org.name}</h1>
      <p>
        {t(kindLabel(org.kind))}{" "}
        {org.status === "verified" ? (
          <span className="badge badge-verified">✓ {t("org.verified")}</span>
        ) : (
          <span className="badge badge-waiting">
            {t(org.status === "returned" ? "org.returned" : "org.unverified")}
          </span>
        )}
      </p>
      {org.wait && org.status !== "verified" ? (
        <VerificationWait
          organization={{ id: org.id, name: org.name, status: org.status, note: org.wait.note }}
          typicalDays={org.wait.typicalDays}
        />
      ) : null}
      <p className="message">{org.description}</p>
      <dl>
        <dt>{t("filter.area")}</dt>
        <dd>{org.areas.map((a) => t(areaLabel(a))).join("、")}</dd>
        <dt>{t("filter.field")}</dt>
        <dd>{org.fields.map((f) => t(fieldLabel(f))).join("、")}</dd>
        {org.foundedYear ? (
          <>
            <dt>{t("org.founded")}</dt>
            <dd>{org.foundedYear}</dd>
          </>
        ) : null}
        {org.memberCount !== null ? (
          <>
            <dt>{t("org.members")}</dt>
            <dd>{org.memberCount}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t("org.contact")}</h2>
      {org.contact ? (
        <dl>
          <dt>{t("org.field.contactEmail")}</dt>
          <dd>
            <a href={`mailto:${org.contact.email}`}>{org.contact.email}</a>
          </dd>
          {org.contact.phone ? (
            <>
              <dt>{t("org.field.contactPhone")}</dt>
              <dd>{org.contact.phone}</dd>
            </>
          ) : null}
          {org.contact.website ? (
            <>
              <dt>{t("org.field.website")}</dt>
              <dd>
                <a href={org.contact.website} rel="noopener noreferrer">
                  {org.contact.website}
                </a>
              </dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p>{t("org.contactHidden")}</p>
      )}
      <h2>{t("org.listings")}</h2>
      {org.listings.length ? (
        <ul>
          {org.listings.map((l) => (
            <li key={l.id}>
              <Link to={`/partners/${l.id}`}>{l.title}</Link>（
              {t("listing.endsOn", { date: formatDate(l.endsAt, locale) })}）
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("inbox.empty")}</p>
      )}
      <h2>{t("org.history")}</h2>
      {org.history.funded ? (
        <>
          <p>{t("org.history.counts", { funded: org.history.funded, completed: org.history.completed })}</p>
          <ul>
            {org.history.projects.map((p) => (
              <li key={p.id}>
                <Link to={`/projects/${p.id}`}>{p.title}</Link>（{formatDate(p.fundedAt, locale)}
                {t("org.history.funded")}・{t(`project.status.${p.status}` as MessageKey)}・
                {t(p.lead ? "org.history.lead" : "org.history.partner")}）
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t("org.history.none")}</p>
      )}
      {org.contactable ? (
        <PartnershipRequestSection
          heading={t("org.contact.request")}
          lead={t("org.contact.requestLead", { limit: org.requestLimit })}
          signedIn={org.signedIn}
          verified={org.verified}
          senders={org.senders}
          loginPath={location.pathname}
          lastResult={lastResult}
        />
      ) : null}
      {org.membership ? (
        <>
          <h2>{t("org.manage")}</h2>
          <ul>
            {can(org.membership, "manage") ? (
              <li>
                <Link to={`/organizations/${org.id}/edit`}>{t("org.manage.edit")}</Link>
              </li>
            ) : null}
            <li>
              <Link to={`/organizations/${org.id}/members`}>{t("org.manage.members")}</Link>
            </li>
            <li>
              <Link to={`/organizations/${org.id}/requests`}>{t("org.manage.requests")}</Link>
            </li>
          </ul>
        </>
      ) : null}
    </>
  );
}
