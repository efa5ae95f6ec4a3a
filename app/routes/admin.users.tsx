import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import { DataTable } from "~/components/data-table";
import { Pagination } from "~/components/pagination";
import { IntentSubmit } from "~/components/plain-form";
import { useLocale, useT } from "~/i18n/react";
import { listUsers, setUserRole } from "~/models/account-admin.server";
import { roleChangeSchema } from "~/models/account-schemas";
import { findUserById } from "~/models/accounts.server";
import { disableTwoFactor } from "~/models/two-factor.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, notFound, pageCount, pageNumber } from "~/utils/http.server";
import { formatDate } from "~/utils/japan-time";
import { pageTitle } from "~/utils/meta";
import { ROLES } from "../../db/schema";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.users.title");

const PAGE_SIZE = 50;

// Read and write: admins only (roles, and removing a lost second factor).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const page = pageNumber(new URL(request.url));
  const { rows, total } = await listUsers(services().db, page, PAGE_SIZE);
  return {
    page,
    pages: pageCount(total, PAGE_SIZE),
    total,
    users: rows.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      verified: u.email_verified_at !== null,
      twoFactor: u.totp_enabled_at !== null,
      createdAt: u.created_at.toISOString(),
    })),
  };
}

const removeTwoFactorSchema = v.object({
  intent: v.literal("remove-two-factor"),
  userId: v.pipe(v.string(), v.uuid()),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "admin");
  const form = Object.fromEntries(await request.formData());
  const url = new URL(request.url);
  if (form.intent === "remove-two-factor") {
    // For someone who lost both their phone and their recovery codes: they set it up again at next log-in.
    const removal = v.safeParse(removeTwoFactorSchema, form);
    if (!removal.success) throw badRequest();
    const { db } = services();
    if (!(await findUserById(db, removal.output.userId))) throw notFound();
    await disableTwoFactor(db, { userId: removal.output.userId, actorId: user.id });
    return redirectWithFlash(`${url.pathname}${url.search}`, "admin.users.twoFactorRemoved");
  }
  const parsed = v.safeParse(roleChangeSchema, form);
  if (!parsed.success) return data({ userId: null, error: "validation.role.invalid" as const }, { status: 400 });
  const result = await setUserRole(services().db, { actorId: user.id, ...parsed.output });
  if (!result.ok) {
    if (result.problem === "not_found") throw notFound();
    return data({ userId: parsed.output.userId, error: "admin.users.lastAdmin" as const }, { status: 409 });
  }
  return redirectWithFlash(`${url.pathname}${url.search}`, "admin.users.saved");
}

export default function AdminUsers() {
  const t = useT();
  const locale = useLocale();
  const { users, page, pages, total } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("admin.users.title")}</h1>
      <p>
        {t("admin.users.lead")} {t("admin.users.count", { count: total })}
      </p>
      <p>
        <Link to="/admin/security">{t("admin.security.title")}</Link>
      </p>
      {actionData?.error && !actionData.userId ? (
        <p className="error-summary" role="alert">
          {t(actionData.error)}
        </p>
      ) : null}
      <DataTable
        columns={[
          t("admin.users.name"),
          t("admin.users.email"),
          t("admin.users.verified"),
          t("admin.users.twoFactor"),
          t("admin.users.created"),
          t("admin.users.role"),
        ]}
      >
        {users.map((u) => (
          <tr key={u.id}>
            <td>{u.name}</td>
            <td>{u.email}</td>
            <td>{u.verified ? t("me.verified") : t("me.notVerified")}</td>
            <td>
              {u.twoFactor ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="userId" value={u.id} />
                  {t("admin.users.twoFactorOn")}{" "}
                  <IntentSubmit intent="remove-two-factor" look="secondary">
                    {t("admin.users.removeTwoFactor", { name: u.name })}
                  </IntentSubmit>
                </Form>
              ) : (
                t("admin.users.twoFactorOff")
              )}
            </td>
            <td>{formatDate(u.createdAt, locale)}</td>
            <td>
              <Form method="post" className="inline-form">
                <input type="hidden" name="userId" value={u.id} />
                <label htmlFor={`role-${u.id}`} className="field-badge">
                  {t("admin.users.changeFor", { name: u.name })}
                </label>
                <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {t(`role.${role}`)}
                    </option>
                  ))}
                </select>
                <button type="submit" className="button">
                  {t("admin.users.change")}
                </button>
                {actionData?.userId === u.id ? (
                  <p className="field-error" role="alert">
                    {t(actionData.error)}
                  </p>
                ) : null}
              </Form>
            </td>
          </tr>
        ))}
      </DataTable>
      <Pagination page={page} pages={pages} />
    </>
  );
}
