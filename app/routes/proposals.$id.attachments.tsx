import {
  type ActionFunctionArgs,
  data,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Link, useActionData, useParams } from "@remix-run/react";
import * as v from "valibot";
import { translateMessage } from "~/i18n";
import { useT } from "~/i18n/react";
import { checkUpload, deleteFile, MAX_FILE_BYTES, storeFile } from "~/models/files.server";
import { services } from "~/services.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { requireProposal } from "~/utils/proposal-access.server";

// Write: the team, while the proposal is a draft (same file rules as theme documents).
export function loader({ params }: { params: { id?: string } }) {
  return redirect(`/proposals/${params.id ?? ""}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const proposalId = params.id ?? "";
  const { user, loaded } = await requireProposal(request, proposalId, ["team"]);
  const back = `/proposals/${proposalId}`;
  if (loaded.proposal.status !== "draft") return redirectWithFlash(back, "proposal.locked");
  const { db } = services();
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES }),
    );
  } catch {
    return data({ error: "validation.file.tooLarge" }, { status: 413 });
  }
  if (formData.get("intent") === "delete") {
    const fileId = v.safeParse(v.pipe(v.string(), v.uuid()), formData.get("fileId"));
    if (!fileId.success) throw new Response("Bad Request", { status: 400 });
    await deleteFile(db, { id: fileId.output, ownerType: "proposal", ownerId: proposalId, actorId: user.id });
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
    ownerType: "proposal",
    ownerId: proposalId,
    label,
    filename,
    bytes,
    contentType: checked.contentType,
    uploadedBy: user.id,
  });
  return redirectWithFlash(back, "staffTheme.attachment.uploaded");
}

/** Shown only when an upload is refused: the reason, and the way back. */
export default function ProposalAttachmentProblem() {
  const t = useT();
  const params = useParams();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>{t("proposal.attachments")}</h1>
      {actionData ? (
        <p className="error-summary" role="alert">
          {translateMessage(t, actionData.error)}
        </p>
      ) : null}
      <p>
        <Link to={`/proposals/${params.id}`}>{t("proposal.back")}</Link>
      </p>
    </>
  );
}
