import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { getUser, requireUser } from "~/auth/session.server";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/react";
import { invitationProblems } from "~/models/invitation-messages";
import { acceptInvitation, findInvitationByToken } from "~/models/organization-invitations.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFound } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invitation.title");

// Read: whoever holds the link (it names the organisation only). Write: the invited account, signed in and verified.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findInvitationByToken(services().db, params.token ?? "");
  if (!invitation) throw notFound();
  const user = await getUser(request);
  const now = new Date();
  let problem: MessageKey | null = null;
  if (invitation.revoked_at) problem = invitationProblems.invalid;
  else if (invitation.accepted_at) problem = invitationProblems.used;
  else if (invitation.expires_at <= now) problem = invitationProblems.expired;
  else if (user && user.email !== invitation.email) problem = invitationProblems.wrong_account;
  return {
    organizationName: invitation.organization_name,
    asHelper: invitation.as_helper,
    signedIn: user !== null,
    problem,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const invitation = await findInvitationByToken(services().db, params.token ?? "");
  if (!invitation) throw notFound();
  const result = await acceptInvitation(services().db, { invitationId: invitation.id, user, now: new Date() });
  if (!result.ok) return data({ problem: invitationProblems[result.problem] }, { status: 409 });
  if (result.asHelper) return redirectWithFlash("/me#helping", "invitation.joinedHelper");
  return redirectWithFlash(`/organizations/${result.organizationId}`, "invitation.joined");
}

export default function Invitation() {
  const t = useT();
  const location = useLocation();
  const { organizationName, asHelper, signedIn, problem } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const shown = actionData?.problem ?? problem;
  return (
    <>
      <h1>{t("invitation.title")}</h1>
      <p>{t(asHelper ? "invitation.leadHelper" : "invitation.lead", { name: organizationName })}</p>
      {shown ? (
        <p className="error-summary" role="alert">
          {t(shown)}
        </p>
      ) : signedIn ? (
        <Form method="post">
          <button type="submit" className="button">
            {t("invitation.accept")}
          </button>
        </Form>
      ) : (
        <>
          <p className="notice">{t("invitation.loginFirst")}</p>
          <p className="actions">
            <Link className="button" to={`/login?redirectTo=${encodeURIComponent(location.pathname)}`}>
              {t("nav.login")}
            </Link>
            <Link to="/signup">{t("nav.signup")}</Link>
          </p>
        </>
      )}
    </>
  );
}
