import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { Link, useActionData, useParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { translateMessage } from "~/i18n";
import { useT } from "~/i18n/react";
import { getTheme } from "~/models/themes.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";
import { handleAttachmentForm } from "~/web/attachments.server";

/** Takes files: server.js allows this route 32 MB, and the body is read here, after the access check. */
export const handle = { uploads: true };

// Write: staff. (The list of files is shown on the theme's staff page.)
export function loader({ params }: { params: { id?: string } }) {
  return redirect(`/staff/themes/${params.id ?? ""}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "staff");
  const { db } = services();
  const theme = await getTheme(db, params.id ?? "");
  if (!theme) throw notFound();
  return handleAttachmentForm(request, {
    ownerType: "theme",
    ownerId: theme.id,
    userId: user.id,
    back: `/staff/themes/${theme.id}`,
  });
}

/** Shown only when an upload is refused (no JavaScript needed): the reason and the way back. */
export default function AttachmentProblem() {
  const t = useT();
  const params = useParams();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("staffTheme.attachments")}</h1>
      {actionData ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, actionData.error)}
        </p>
      ) : null}
      <p>
        <Link to={`/staff/themes/${params.id}`}>{t("staffTheme.editTitle")}</Link>
      </p>
    </>
  );
}
