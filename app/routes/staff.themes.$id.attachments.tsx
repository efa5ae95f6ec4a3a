import {
  type ActionFunctionArgs,
  data,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Link, useActionData, useParams } from "@remix-run/react";
import * as v from "valibot";
import { requireRole } from "~/auth/session.server";
import { translateMessage } from "~/i18n";
import { useT } from "~/i18n/react";
import { checkUpload, deleteFile, MAX_FILE_BYTES, storeFile } from "~/models/files.server";
import { getTheme } from "~/models/themes.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFound } from "~/utils/http.server";

// Write: staff. (The list of files is shown on the theme's staff page.)
export function loader({ params }: { params: { id?: string } }) {
  return redirect(`/staff/themes/${params.id ?? ""}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "staff");
  const { db } = services();
  const theme = await getTheme(db, params.id ?? "");
  if (!theme) throw notFound();
  const back = `/staff/themes/${theme.id}`;
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES }),
    );
  } catch {
    // The upload handler stops reading past the limit: nothing is saved.
    return data({ error: "validation.file.tooLarge" }, { status: 413 });
  }
  if (formData.get("intent") === "delete") {
    const fileId = v.safeParse(v.pipe(v.string(), v.uuid()), formData.get("fileId"));
    if (!fileId.success) throw new Response("Bad Request", { status: 400 });
    await deleteFile(db, { id: fileId.output, ownerType: "theme", ownerId: theme.id, actorId: user.id });
    return redirectWithFlash(back, "staffTheme.attachment.deleted");
  }
  const label = String(formData.get("label") ?? "").trim();
  if (!label || label.length > 100) return data({ error: "validation.file.label" }, { status: 400 });
  const file = formData.get("file");
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : null;
  const filename = file instanceof File ? file.name : "";
  const checked = checkUpload(bytes, filename);
  if (!checked.ok || !bytes)
    return data({ error: checked.ok ? "validation.file.missing" : checked.problem }, { status: 400 });
  await storeFile(db, {
    ownerType: "theme",
    ownerId: theme.id,
    label,
    filename,
    bytes,
    contentType: checked.contentType,
    uploadedBy: user.id,
  });
  return redirectWithFlash(back, "staffTheme.attachment.uploaded");
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
