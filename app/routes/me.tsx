import type { SubmissionResult } from "@conform-to/react";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { blankSessionCookie, requireUser } from "~/auth/session.server";
import { AccountForms, SecuritySection, SubscriptionsForm } from "~/components/account-settings";
import { IntentButton } from "~/components/plain-form";
import { useLocale, useT } from "~/i18n/react";
import { changePassword, requestEmailChange } from "~/models/account-credentials.server";
import {
  changeEmailSchema,
  changeNameSchema,
  changePasswordSchema,
  subscriptionsSchema,
} from "~/models/account-schemas";
import { changeName, findUserById, resendVerification } from "~/models/accounts.server";
import { consultationsOf } from "~/models/consultations.server";
import { invitationProblems } from "~/models/invitation-messages";
import { type MailPurpose, mailAllowed } from "~/models/mail-limits.server";
import { acceptInvitation, pendingInvitationsFor } from "~/models/organization-invitations.server";
import { invitationIdSchema } from "~/models/organization-schemas";
import { organizationsOfUser } from "~/models/organizations.server";
import { calendarToken } from "~/models/personal-calendar.server";
import { draftsHelpedBy, organizationsHelpedBy } from "~/models/proposal-helpers.server";
import { proposalsOfUser } from "~/models/proposal-lists.server";
import { describeUserAgent, endSessions, sessionsOf } from "~/models/sessions.server";
import { setSubscriptions, subscriptionsOf } from "~/models/subscriptions.server";
import { courses } from "~/models/themes.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, notFound } from "~/utils/http.server";
import { formatDate, formatDateTime } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "me.title");

// Read and write: the signed-in person, about their own account only.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, session } = await requireUser(request);
  const { db } = services();
  const now = new Date();
  const [account, organizations, invitations, subscriptions, consultations, courseList, sessions] = await Promise.all([
    findUserById(db, user.id),
    organizationsOfUser(db, user.id),
    pendingInvitationsFor(db, user.email, now),
    subscriptionsOf(db, user.id),
    consultationsOf(db, user.id),
    courses(db),
    sessionsOf(db, user.id, now),
  ]);
  const [proposals, helped, helpedDrafts] = await Promise.all([
    proposalsOfUser(db, user.id),
    organizationsHelpedBy(db, user.id),
    draftsHelpedBy(db, user.id),
  ]);
  if (!account) throw notFound();
  return {
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, role: o.role, status: o.verification_status })),
    invitations: invitations.map((i) => ({
      id: i.id,
      organizationName: i.organization_name,
      asHelper: i.as_helper,
    })),
    helping: {
      organizations: helped,
      drafts: helpedDrafts.map((p) => ({
        id: p.id,
        title: p.title,
        theme: p.theme_title,
        organization: p.organization_name,
        closesAt: p.closes_at.toISOString(),
      })),
    },
    subscriptions,
    courses: courseList.map((c) => ({ value: c.id, ja: c.name_ja, en: c.name_en })),
    proposals: proposals.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      receipt: p.receipt_number,
      theme: p.theme_title,
      lead: p.lead_name,
      invited: p.partner_status === "invited",
    })),
    consultations: consultations.map((c) => ({ id: c.id, subject: c.subject, theme: c.theme_title, status: c.status })),
    name: account.name,
    email: account.email,
    role: account.role,
    // The feed's address is shown only once the person has asked for it.
    calendarUrl: account.calendar_token
      ? `${services().config.publicUrl}/calendar/${account.calendar_token}.ics`
      : null,
    emailVerified: account.email_verified_at !== null,
    createdAt: account.created_at.toISOString(),
    twoFactorOn: account.totp_enabled_at !== null,
    sessions: sessions.map((row) => ({
      id: row.id === session.id ? "current" : row.id.slice(0, 6),
      current: row.id === session.id,
      device: describeUserAgent(row.user_agent),
      address: row.client_address,
      startedAt: row.created_at.toISOString(),
      lastSeenAt: row.last_seen_at.toISOString(),
    })),
  };
}

function reply(intent: "name" | "email" | "password", result: SubmissionResult<string[]>, status = 400) {
  return data({ intent, result, problem: null }, { status });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = await requireUser(request);
  const { config, db } = services();
  const formData = await request.formData();
  const intent = formData.get("intent");
  const now = new Date();
  const mailContext = { publicUrl: config.publicUrl, locale: await getLocale(request), now };

  if (intent === "accept-invitation") {
    const invitationId = v.safeParse(invitationIdSchema, formData.get("invitationId"));
    if (!invitationId.success) throw badRequest();
    const result = await acceptInvitation(db, { invitationId: invitationId.output, user, now });
    if (!result.ok)
      return data({ intent: "invitation" as const, problem: invitationProblems[result.problem] }, { status: 409 });
    if (result.asHelper) return redirectWithFlash("/me#helping", "invitation.joinedHelper");
    return redirectWithFlash(`/organizations/${result.organizationId}`, "invitation.joined");
  }
  if (intent === "calendar" || intent === "calendar-renew") {
    await calendarToken(services().db, user.id, intent === "calendar-renew");
    return redirectWithFlash("/me#calendar", intent === "calendar" ? "me.calendar.made" : "me.calendar.renewed");
  }
  if (intent === "subscriptions") {
    const parsed = v.safeParse(subscriptionsSchema, {
      fields: formData.getAll("fields"),
      courses: formData.getAll("courses"),
    });
    if (!parsed.success) throw badRequest();
    const known = new Set((await courses(db)).map((c) => c.id));
    await setSubscriptions(db, {
      userId: user.id,
      fields: parsed.output.fields,
      courses: parsed.output.courses.filter((c) => known.has(c)),
    });
    return redirectWithFlash("/me", "me.subscriptions.saved");
  }
  const mayMail = (purpose: MailPurpose, target: string) =>
    mailAllowed(db, { purpose, target, clientAddress: context.clientAddress, now });
  if (intent === "end-other-sessions" || intent === "end-all-sessions") {
    const all = intent === "end-all-sessions";
    await endSessions(db, { userId: user.id, keepSessionId: all ? null : session.id });
    if (all)
      return redirectWithFlash("/login", "me.sessions.endedAll", { headers: { "Set-Cookie": blankSessionCookie() } });
    return redirectWithFlash("/me", "me.sessions.endedOthers");
  }
  if (intent === "resend-verification") {
    if (!(await mayMail("resend", user.email))) return redirectWithFlash("/me", "mail.limited");
    await resendVerification(db, user.id, mailContext);
    return redirectWithFlash("/me", "me.resent");
  }
  if (intent === "name") {
    const submission = parseSubmission(formData, { schema: changeNameSchema });
    if (submission.status !== "success") return reply("name", submission.reply());
    await changeName(db, user.id, submission.value.name, now);
    return redirectWithFlash("/me", "me.nameSaved");
  }
  if (intent === "email") {
    const submission = parseSubmission(formData, { schema: changeEmailSchema });
    if (submission.status !== "success") return reply("email", submission.reply({ hideFields: ["currentPassword"] }));
    if (!(await mayMail("change-email", user.id))) {
      return reply("email", submission.reply({ formErrors: ["mail.limited"], hideFields: ["currentPassword"] }), 429);
    }
    const result = await requestEmailChange(db, { userId: user.id, ...submission.value }, mailContext);
    if (!result.ok) {
      return reply(
        "email",
        submission.reply({ fieldErrors: { [result.field]: [result.message] }, hideFields: ["currentPassword"] }),
      );
    }
    return redirectWithFlash("/me", "me.emailSent");
  }
  if (intent === "password") {
    const submission = parseSubmission(formData, { schema: changePasswordSchema });
    const hideFields = ["currentPassword", "newPassword"];
    if (submission.status !== "success") return reply("password", submission.reply({ hideFields }));
    const result = await changePassword(db, { userId: user.id, ...submission.value, keepSessionId: session.id, now });
    if (!result.ok)
      return reply("password", submission.reply({ fieldErrors: { [result.field]: [result.message] }, hideFields }));
    return redirectWithFlash("/me", "me.passwordSaved");
  }
  throw badRequest();
}

export default function Me() {
  const t = useT();
  const locale = useLocale();
  const account = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("me.title")}</h1>
      {account.emailVerified ? null : (
        <div className="notice">
          <p>{t("me.unverified")}</p>
          <IntentButton intent="resend-verification">{t("me.resend")}</IntentButton>
        </div>
      )}

      {account.invitations.length ? (
        <section aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">{t("me.invitations")}</h2>
          {actionData?.problem ? (
            <p className="error-summary" role="alert">
              {t(actionData.problem)}
            </p>
          ) : null}
          <ul className="card-list">
            {account.invitations.map((i) => (
              <li key={i.id} className="card">
                <p>{t(i.asHelper ? "invitation.leadHelper" : "invitation.lead", { name: i.organizationName })}</p>
                <IntentButton intent="accept-invitation" hidden={{ invitationId: i.id }}>
                  {t("invitation.accept")}
                </IntentButton>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2>{t("me.proposals")}</h2>
      {account.proposals.length ? (
        <ul className="card-list">
          {account.proposals.map((p) => (
            <li key={p.id} className="card">
              <Link to={`/proposals/${p.id}`}>
                {p.invited ? t("proposal.invitation.title") : p.title || t("proposal.title")}
              </Link>
              <p className="message-meta">
                {t(`proposal.status.${p.status}`)}
                {p.receipt ? `・${t("proposal.receipt", { receipt: p.receipt })}` : ""}・{p.theme}・{p.lead}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("me.noProposals")}</p>
      )}

      {account.helping.organizations.length ? (
        <section id="helping" aria-labelledby="helping-heading">
          <h2 id="helping-heading">{t("me.helping")}</h2>
          <p>{t("me.helping.lead", { names: account.helping.organizations.map((o) => o.name).join("、") })}</p>
          {account.helping.drafts.length ? (
            <ul className="card-list">
              {account.helping.drafts.map((p) => (
                <li key={p.id} className="card">
                  <Link to={`/proposals/${p.id}`}>{p.title || t("proposal.title")}</Link>
                  <p className="message-meta">
                    {p.organization}・{p.theme}・{t("proposal.deadline", { date: formatDateTime(p.closesAt, locale) })}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("me.helping.none")}</p>
          )}
        </section>
      ) : null}

      <h2>{t("me.organizations")}</h2>
      {account.organizations.length ? (
        <ul>
          {account.organizations.map((o) => (
            <li key={o.id}>
              <Link to={`/organizations/${o.id}`}>{o.name}</Link>（
              {t(o.role === "representative" ? "members.role.representative" : "members.role.member")}・
              {t(
                o.status === "verified" ? "org.verified" : o.status === "returned" ? "org.returned" : "org.unverified",
              )}
              ）
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("me.noOrganizations")}</p>
      )}
      <p>
        <Link to="/organizations/new">{t("org.register")}</Link>
      </p>

      <SubscriptionsForm subscriptions={account.subscriptions} courses={account.courses} />

      {account.consultations.length ? (
        <>
          <h2>{t("me.consultations")}</h2>
          <ul>
            {account.consultations.map((c) => (
              <li key={c.id}>
                <Link to={`/consultations/${c.id}`}>{c.subject}</Link>（{c.theme}・
                {t(c.status === "open" ? "consult.open" : "consult.closed")}）
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <section id="calendar" aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">{t("me.calendar")}</h2>
        <p>{t("me.calendar.lead")}</p>
        {account.calendarUrl ? (
          <>
            <p className="field-hint">{t("me.calendar.secret")}</p>
            <p>
              <a href={account.calendarUrl}>{account.calendarUrl}</a>
            </p>
            <IntentButton intent="calendar-renew" look="secondary">
              {t("me.calendar.renew")}
            </IntentButton>
          </>
        ) : (
          <IntentButton intent="calendar">{t("me.calendar.make")}</IntentButton>
        )}
      </section>

      <h2>{t("me.profile")}</h2>
      <p>
        <Link to="/notifications/settings">{t("noticeSettings.link")}</Link>
      </p>
      <dl>
        <dt>{t("field.name")}</dt>
        <dd>{account.name}</dd>
        <dt>{t("field.email")}</dt>
        <dd>
          {account.email}（{account.emailVerified ? t("me.verified") : t("me.notVerified")}）
        </dd>
        <dt>{t("field.role")}</dt>
        <dd>{t(`role.${account.role}`)}</dd>
        <dt>{t("admin.users.created")}</dt>
        <dd>{formatDate(account.createdAt, locale)}</dd>
      </dl>

      <SecuritySection twoFactorOn={account.twoFactorOn} sessions={account.sessions} />

      <AccountForms name={account.name} answer={actionData} />
    </>
  );
}
