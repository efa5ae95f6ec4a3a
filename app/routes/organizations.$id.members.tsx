import { useForm } from "@conform-to/react";
import { parseWithValibot } from "@conform-to/valibot";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireOrganization } from "~/auth/organization-access.server";
import { RadioChoices } from "~/components/choice-fields";
import { StackForm, TextField } from "~/components/form";
import { IntentButton, IntentSubmit } from "~/components/plain-form";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/react";
import { mailAllowed } from "~/models/mail-limits.server";
import { inviteMember, pendingInvitationsOf } from "~/models/organization-invitations.server";
import { removeMember, transferRepresentative } from "~/models/organization-members.server";
import { can } from "~/models/organization-policy";
import { inviteSchema } from "~/models/organization-schemas";
import { membersOf } from "~/models/organizations.server";
import { helpersOf, removeHelper } from "~/models/proposal-helpers.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, forbidden, notFound } from "~/utils/http.server";
import { formatDate } from "~/utils/japan-time";
import { getLocale } from "~/utils/locale.server";
import { pageTitle } from "~/utils/meta";
import { parseSubmission } from "~/utils/submission.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "org.manage.members");

// Read: the organisation's members. Write: representatives invite (members or helpers who type the
// drafts, 代理入力), remove members and helpers and hand over the role; any member may leave.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organization, membership, user } = await requireOrganization(request, params.id ?? "", "actFor");
  const { db } = services();
  const [members, helpers, invitations] = await Promise.all([
    membersOf(db, organization.id),
    helpersOf(db, organization.id),
    can(membership, "manage") ? pendingInvitationsOf(db, organization.id, new Date()) : [],
  ]);
  return {
    id: organization.id,
    name: organization.name,
    isRepresentative: can(membership, "manage"),
    me: user.id,
    members: members.map((m) => ({ id: m.id, name: m.name, role: m.role })),
    helpers: helpers.map((h) => ({ id: h.id, name: h.name, namedAt: h.named_at.toISOString() })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      expiresAt: i.expires_at.toISOString(),
      asHelper: i.as_helper,
    })),
  };
}

const memberActionSchema = v.object({ userId: v.pipe(v.string(), v.uuid()) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { organization, membership, user } = await requireOrganization(request, params.id ?? "", "actFor");
  const { db, config } = services();
  const formData = await request.formData();
  const intent = formData.get("intent");
  const here = `/organizations/${organization.id}/members`;
  const fail = (message: MessageKey) => data({ result: null, error: message }, { status: 409 });

  if (intent === "leave") {
    const result = await removeMember(db, { organizationId: organization.id, userId: user.id, actorId: user.id });
    if (!result.ok) return fail("members.lastRepresentative");
    return redirectWithFlash("/me", "members.left");
  }
  if (!can(membership, "manage")) throw forbidden();

  if (intent === "invite") {
    const submission = parseSubmission(formData, { schema: inviteSchema });
    if (submission.status !== "success") return data({ result: submission.reply(), error: null }, { status: 400 });
    const now = new Date();
    const invited = submission.value.email;
    if (
      !(await mailAllowed(db, { purpose: "invitation", target: invited, clientAddress: context.clientAddress, now }))
    ) {
      return data({ result: submission.reply({ formErrors: ["mail.limited"] }), error: null }, { status: 429 });
    }
    const result = await inviteMember(
      db,
      {
        organizationId: organization.id,
        email: submission.value.email,
        inviter: { id: user.id, name: user.name },
        asHelper: submission.value.as === "helper",
      },
      { publicUrl: config.publicUrl, locale: await getLocale(request), now },
    );
    if (!result.ok) {
      return data(
        { result: submission.reply({ fieldErrors: { email: ["members.alreadyMember"] } }), error: null },
        { status: 400 },
      );
    }
    return redirectWithFlash(here, "members.invited");
  }
  const target = v.safeParse(memberActionSchema, Object.fromEntries(formData));
  if (!target.success) throw badRequest();
  if (intent === "remove-helper") {
    // Someone who is not a helper of the organisation in the URL: nothing to remove here.
    if (!(await removeHelper(db, { organizationId: organization.id, userId: target.output.userId, actorId: user.id })))
      throw notFound();
    return redirectWithFlash(here, "members.helperRemoved");
  }
  if (intent === "remove") {
    const result = await removeMember(db, {
      organizationId: organization.id,
      userId: target.output.userId,
      actorId: user.id,
    });
    // Someone who is not a member of the organisation in the URL: nothing to remove here.
    if (!result.ok && result.problem === "not_member") throw notFound();
    if (!result.ok) return fail("members.lastRepresentative");
    return redirectWithFlash(here, "members.removed");
  }
  if (intent === "transfer") {
    const result = await transferRepresentative(db, {
      organizationId: organization.id,
      fromUserId: user.id,
      toUserId: target.output.userId,
    });
    if (!result.ok && result.problem === "not_representative") throw forbidden();
    if (!result.ok) throw notFound();
    return redirectWithFlash(here, "members.transferred");
  }
  throw badRequest();
}

export default function Members() {
  const t = useT();
  const locale = useLocale();
  const { id, name, isRepresentative, me, members, helpers, invitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "invite",
    defaultValue: { as: "member" },
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithValibot(formData, { schema: inviteSchema }),
  });
  return (
    <>
      <p>
        <Link to={`/organizations/${id}`}>{name}</Link>
      </p>
      <h1>{t("members.title", { name })}</h1>
      {actionData?.error ? (
        <p className="error-summary" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <tbody>
            {members.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  {m.name}
                  {m.id === me ? t("members.you") : ""}
                </th>
                <td>{t(m.role === "representative" ? "members.role.representative" : "members.role.member")}</td>
                <td>
                  {isRepresentative && m.id !== me ? (
                    <Form method="post" className="actions">
                      <input type="hidden" name="userId" value={m.id} />
                      {m.role === "member" ? (
                        <IntentSubmit intent="transfer" look="secondary">
                          {t("members.makeRepresentative")}
                        </IntentSubmit>
                      ) : null}
                      <IntentSubmit intent="remove" look="secondary">
                        {t("members.remove")}
                      </IntentSubmit>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="helpers-heading">
        <h2 id="helpers-heading">{t("members.helpers")}</h2>
        <p>{t("members.helpers.lead")}</p>
        {helpers.length ? (
          <ul className="card-list">
            {helpers.map((h) => (
              <li key={h.id} className="card">
                <strong>{h.name}</strong>（{t("members.helpers.since", { date: formatDate(h.namedAt, locale) })}）
                {isRepresentative ? (
                  <IntentButton intent="remove-helper" hidden={{ userId: h.id }} look="secondary">
                    {t("members.helpers.remove", { name: h.name })}
                  </IntentButton>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("members.helpers.none")}</p>
        )}
      </section>
      {isRepresentative ? (
        <>
          <h2 id="invite-heading">{t("members.invite")}</h2>
          <p>{t("members.invite.hint")}</p>
          <StackForm form={form} labelledBy="invite-heading" intent="invite" submit={t("members.invite.submit")}>
            <TextField field={fields.email} label="field.email" hint="field.email.hint" type="email" required />
            <RadioChoices
              field={fields.as}
              legend={t("members.invite.as")}
              options={[
                { value: "member", label: t("members.invite.asMember") },
                { value: "helper", label: t("members.invite.asHelper") },
              ]}
            />
          </StackForm>
          {invitations.length ? (
            <>
              <h2>{t("members.pending")}</h2>
              <ul>
                {invitations.map((i) => (
                  <li key={i.id}>
                    {i.email}（{i.asHelper ? `${t("members.invite.asHelperShort")}・` : ""}
                    {t("members.expires", { date: formatDate(i.expiresAt, locale) })}）
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
      <h2>{t("members.leave")}</h2>
      <IntentButton intent="leave" look="secondary">
        {t("members.leave")}
      </IntentButton>
    </>
  );
}
