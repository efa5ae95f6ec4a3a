import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { useParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { AttachmentProblem } from "~/components/attachment-upload";
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

/** Shown only when an upload is refused: the reason, and the way back. */
export default function ThemeAttachmentProblem() {
  const t = useT();
  const params = useParams();
  return (
    <AttachmentProblem
      title={t("staffTheme.attachments")}
      back={`/staff/themes/${params.id}`}
      backLabel={t("staffTheme.editTitle")}
    />
  );
}
