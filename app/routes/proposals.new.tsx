import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireVerifiedUser } from "~/auth/session.server";
import { VerificationWait } from "~/components/verification-wait";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { typicalVerificationDays } from "~/models/organization-verification.server";
import { organizationsOfUser } from "~/models/organizations.server";
import { partnershipFor, startProposalWithPartner } from "~/models/partnership-proposals.server";
import { type StartProblem, startProposal } from "~/models/proposals.server";
import { themePhase } from "~/models/theme-rules";
import { getTheme } from "~/models/themes.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { forbidden, notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "proposal.new.title");

const problems: Record<StartProblem | "not_partnership", MessageKey> = {
  not_partnership: "proposal.start.notPartnership",
  not_member: "proposal.start.notMember",
  theme_closed: "proposal.start.closed",
  not_found: "error.notFound.title",
};

const uuid = v.pipe(v.string(), v.uuid());

// Read and write: verified members, for an organisation they belong to (verified or still waiting for
// the ward: only submission needs the verification), while the theme is open. From an accepted
// partnership (`?request=`): a member of either side, their side leading, the other invited.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const url = new URL(request.url);
  const themeId = url.searchParams.get("theme") ?? "";
  const requestId = url.searchParams.get("request");
  const { db } = services();
  const theme = v.is(uuid, themeId) ? await getTheme(db, themeId) : null;
  if (!theme || theme.status === "draft") throw notFound();
  const partnership =
    requestId === null ? null : v.is(uuid, requestId) ? await partnershipFor(db, requestId, user.id) : null;
  if (requestId !== null && !partnership) throw notFound();
  const organizations = (await organizationsOfUser(db, user.id)).filter(
    (o) => !partnership || o.id === partnership.mine.id,
  );
  const waiting = organizations.some((o) => o.verification_status !== "verified");
  return {
    theme: { id: theme.id, title: theme.title, open: themePhase(theme, new Date()) === "open" },
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, status: o.verification_status })),
    typicalDays: waiting ? await typicalVerificationDays(db) : null,
    partnership: partnership ? { id: partnership.id, partner: partnership.partner.name } : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireVerifiedUser(request);
  const form = await request.formData();
  const parsed = v.safeParse(v.object({ themeId: uuid, organizationId: uuid, requestId: v.optional(uuid) }), {
    themeId: form.get("themeId"),
    organizationId: form.get("organizationId"),
    requestId: form.get("requestId") || undefined,
  });
  if (!parsed.success) return data({ problem: "proposal.validation.partner" as MessageKey }, { status: 400 });
  const { db, config } = services();
  const { themeId, organizationId, requestId } = parsed.output;
  if (requestId) {
    const ctx = { publicUrl: config.publicUrl, locale: await getLocale(request), now: new Date() };
    // The lead is always the person's own side of the partnership, whatever the form says.
    const partnership = await partnershipFor(db, requestId, user.id);
    if (partnership && partnership.mine.id !== organizationId) throw forbidden();
    const started = await startProposalWithPartner(db, { requestId, themeId, userId: user.id }, ctx);
    if (!started.ok)
      return data({ problem: problems[started.problem] }, { status: started.problem === "theme_closed" ? 409 : 403 });
    return redirectWithFlash(
      `/proposals/${started.id}`,
      started.invited ? "proposal.new.createdWithPartner" : "proposal.new.createdInviteLater",
    );
  }
  const result = await startProposal(db, {
    themeId,
    leadOrganizationId: organizationId,
    userId: user.id,
    now: new Date(),
  });
  if (!result.ok)
    return data({ problem: problems[result.problem] }, { status: result.problem === "not_member" ? 403 : 409 });
  return redirectWithFlash(`/proposals/${result.id}`, "proposal.new.created");
}

export default function NewProposal() {
  const t = useT();
  const { theme, organizations, typicalDays, partnership } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/themes/${theme.id}`}>{theme.title}</Link>
      </p>
      <h1>{t("proposal.new.title")}</h1>
      {actionData?.problem ? (
        <p className="error-summary" role="alert">
          {t(actionData.problem)}
        </p>
      ) : null}
      {!theme.open ? (
        <p className="notice">{t("proposal.start.closed")}</p>
      ) : organizations.length === 0 ? (
        <>
          <p className="notice">{t("proposal.new.none")}</p>
          <p>
            <Link to="/organizations/new">{t("org.register")}</Link>
          </p>
        </>
      ) : (
        <>
          {organizations.map((o) =>
            o.status === "verified" ? null : (
              <VerificationWait
                key={o.id}
                organization={{ id: o.id, name: o.name, status: o.status }}
                typicalDays={typicalDays}
              />
            ),
          )}
          <Form method="post" className="stack">
            <p>{t("proposal.new.lead")}</p>
            {partnership ? (
              <p className="notice">{t("proposal.new.withPartner", { partner: partnership.partner })}</p>
            ) : null}
            <input type="hidden" name="themeId" value={theme.id} />
            {partnership ? <input type="hidden" name="requestId" value={partnership.id} /> : null}
            <fieldset className="field checkbox-group">
              <legend>{t("proposal.new.organization")}</legend>
              {organizations.map((o, i) => (
                <label key={o.id} className="checkbox">
                  <input type="radio" name="organizationId" value={o.id} defaultChecked={i === 0} />
                  {o.name}
                  {o.status === "verified"
                    ? null
                    : t(o.status === "returned" ? "proposal.new.returned" : "proposal.new.waiting")}
                </label>
              ))}
            </fieldset>
            <button type="submit" className="button">
              {t("proposal.new.submit")}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
