import { data, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import * as v from "valibot";
import { deleteFile, MAX_FILE_BYTES, prepareUpload, storeFile } from "~/models/files.server";
import { services } from "~/services.server";
import { withoutControlCharactersInForm } from "~/utils/control-characters";
import { redirectWithFlash } from "~/utils/flash.server";
import { badRequest, notFound } from "~/utils/http.server";

/**
 * The upload-or-delete form shared by theme documents and proposal attachments: the upload stops
 * being read past 10 MB, the type is read from the content, and nothing is half-saved.
 * The caller has already checked who may write.
 */
export async function handleAttachmentForm(
  request: Request,
  input: { ownerType: "theme" | "proposal"; ownerId: string; userId: string; back: string },
) {
  const { db } = services();
  let formData: FormData;
  try {
    formData = await readUploadForm(request);
  } catch {
    return data({ error: "validation.file.tooLarge" }, { status: 413 });
  }
  if (formData.get("intent") === "delete") {
    const fileId = v.safeParse(v.pipe(v.string(), v.uuid()), formData.get("fileId"));
    if (!fileId.success) throw badRequest();
    const deleted = await deleteFile(db, {
      id: fileId.output,
      ownerType: input.ownerType,
      ownerId: input.ownerId,
      actorId: input.userId,
    });
    // A file of another theme or proposal: nothing was deleted, so nothing is said to be.
    if (!deleted) throw notFound();
    return redirectWithFlash(input.back, "staffTheme.attachment.deleted");
  }
  const label = String(formData.get("label") ?? "").trim();
  if (!label || label.length > 100) return data({ error: "validation.file.label" }, { status: 400 });
  const file = formData.get("file");
  const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : null;
  const filename = file instanceof File ? file.name : "";
  const prepared = await prepareUpload(bytes, filename);
  if (!prepared.ok) return data({ error: prepared.problem }, { status: 400 });
  await storeFile(db, {
    ownerType: input.ownerType,
    ownerId: input.ownerId,
    label,
    filename,
    bytes: prepared.bytes,
    contentType: prepared.contentType,
    uploadedBy: input.userId,
  });
  return redirectWithFlash(input.back, "staffTheme.attachment.uploaded");
}

/**
 * An upload route's form, read after the route has checked who is asking: multipart (files over
 * 10 MB stop being read) or, for a form without files such as a delete button, URL-encoded. Its
 * text is cleaned of control characters as the route guard does for every other form.
 */
export async function readUploadForm(request: Request): Promise<FormData> {
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  const form = multipart
    ? await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: MAX_FILE_BYTES }),
      )
    : await request.formData();
  return withoutControlCharactersInForm(form);
}
