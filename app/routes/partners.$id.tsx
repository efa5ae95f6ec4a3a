import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { getUser, requireVerifiedUser } from "~/auth/session.server";
import { PartnershipRequestSection } from "~/components/partnership-request";
import { IntentButton } from "~/components/plain-form";
import { type MessageKey, translator } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { organizationsOfUser } from "~/models/organizations.server";
import { requestSchema } from "~/models/partner-schemas";
import { closeListing, getListing, isListingOpen } from "~/models/partners.server";
import { REQUESTS_PER_DAY, type RequestProblem, sendPartnershipRequest } from "~/models/partnership-requests.server";
import { areaLabel, fieldLabel, kindLabel } from "~/models/reference-data";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { forbidden, notFound } from "~/utils/http.server";
import { formatDate } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { dataTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => dataTitle(matches, data?.title);

// Read: anyone. Write: a verified member of another organisation sends a request; a member of the
// posting organisation closes the listing.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = services();
  const [listing, user] = await Promise.all([getListing(db, params.id ?? ""), getUser(request)]);
  if (!listing) throw notFound();
  const myOrganizations = user ? await organizationsOfUser(db, user.id) : [];
  return {
    id: listing.id,
    title: listing.title,
    offers: listing.offers,
    seeks: listing.seeks,
    areas: listing.areas,
    fields: listing.fields,
    endsAt: listing.ends_at.toISOString(),
    open: isListingOpen(listing, new Date()),
    organization: { id: listing.organization_id, name: listing.organization_name, kind: listing.organization_kind },
    theme: listing.theme_id ? { id: listing.theme_id, title: listing.theme_title ?? "" } : null,
    signedIn: user !== null,
    verified: user?.emailVerified ?? false,
    isOwner: myOrganizations.some((o) => o.id === listing.organization_id),
    senders: myOrganizations
      .filter((o) => o.id !== listing.organization_id)
      .map((o) => ({ value: o.id, label: o.name })),
  };
}

const problems: Record<RequestProblem, MessageKey> = {
  not_member: "validation.listing.organization",
  own_listing: "request.ownListing",
  listing_closed: "request.listingClosed",
  rate_limited: "request.rateLimited",
  duplicate: "request.duplicate",
  not_found: "error.notFound.title",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const { db, config } = services();
  const formData = await request.formData();
  const listingId = params.id ?? "";
  const now = new Date();
  if (formData.get("intent") === "close") {
    if (!(await closeListing(db, { listingId, userId: user.id, now }))) throw forbidden();
    return redirectWithFlash(`/partners/${listingId}`, "listing.closedDone");
  }
  const submission = parseSubmission(formData, { schema: requestSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const locale = await getLocale(request);
  const result = await sendPartnershipRequest(
    db,
    { listingId, fromOrganizationId: submission.value.organizationId, user, message: submission.value.message },
    { publicUrl: config.publicUrl, locale, now },
  );
  if (!result.ok) {
    if (result.problem === "not_found") throw notFound();
    const message = translator(locale)(problems[result.problem], { limit: REQUESTS_PER_DAY });
    return data(submission.reply({ formErrors: [message] }), { status: result.problem === "rate_limited" ? 429 : 409 });
  }
  return redirectWithFlash(`/requests/${result.requestId}`, "request.sent");
}

export default function ListingPage() {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const listing = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/partners">{t("partners.title")}</Link>
      </p>
      <h1>{listing.title}</h1>
      {listing.open ? null : <p className="notice">{t("listing.closed")}</p>}
      <dl>
        <dt>{t("listing.by")}</dt>
        <dd>
          <Link to={`/organizations/${listing.organization.id}`}>{listing.organization.name}</Link>（
          {t(kindLabel(listing.organization.kind))}）
        </dd>
        <dt>{t("filter.field")}</dt>
        <dd>{listing.fields.map((f) => t(fieldLabel(f))).join("、")}</dd>
        <dt>{t("filter.area")}</dt>
        <dd>{listing.areas.map((a) => t(areaLabel(a))).join("、")}</dd>
        <dt>{t("listing.field.endsOn")}</dt>
        <dd>{formatDate(listing.endsAt, locale)}</dd>
        {listing.theme ? (
          <>
            <dt>{t("listing.field.theme")}</dt>
            <dd>
              <Link to={`/themes/${listing.theme.id}`}>{listing.theme.title}</Link>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t("listing.offers")}</h2>
      <p className="message">{listing.offers}</p>
      <h2>{t("listing.seeks")}</h2>
      <p className="message">{listing.seeks}</p>

      {listing.isOwner && listing.open ? (
        <IntentButton intent="close" look="secondary">
          {t("listing.close")}
        </IntentButton>
      ) : null}

      {listing.open && !listing.isOwner ? (
        <PartnershipRequestSection
          heading={t("request.title")}
          signedIn={listing.signedIn}
          verified={listing.verified}
          senders={listing.senders}
          loginPath={location.pathname}
          lastResult={lastResult}
        />
      ) : null}
    </>
  );
}
