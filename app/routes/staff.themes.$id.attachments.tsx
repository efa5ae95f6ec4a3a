import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { useParams } from "@remix-run/react";
import { requireStaffTheme } from "~/auth/theme-access.server";
import { AttachmentProblem } from "~/components/attachment-upload";
import { useT } from "~/i18n/react";
import { handleAttachmentForm } from "~/web/attachments.server";

/** Takes files: server.js allows this route 32 MB, and the body is read here, after the access check. */
export const handle = { uploads: true };

// Write: staff. (The list of files is shown on the theme's staff page.)
export function loader({ params }: { params: { id?: string } }) {
  return redirect(`/staff/themes/${params.id ?? ""}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, theme } = await requireStaffTheme(request, params.id ?? "");
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
