import type { LoaderFunctionArgs } from "@remix-run/node";
import * as v from "valibot";
import { requireReviewer } from "~/auth/review-access.server";
import { withoutMetadata } from "~/models/file-metadata.server";
import { contentDisposition, fileContent, filesOf } from "~/models/files.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";

const position = v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1));

// Read: the reviewers who may open the proposal (requireReviewer), nobody else. A proposal's
// attachment by its place in the list: the link carries no file id, the file goes out without its
// metadata (files stored before uploads were cleaned are cleaned here), and on an anonymised
// theme under a neutral name.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const proposalId = params.proposalId ?? "";
  const { anonymous } = await requireReviewer(request, proposalId);
  const n = v.safeParse(position, params.n);
  if (!n.success) throw notFound();
  const { db } = services();
  const listed = (await filesOf(db, "proposal", proposalId))[n.output - 1];
  if (!listed) throw notFound();
  const file = await fileContent(db, listed.id);
  if (!file) throw notFound();
  // A file too broken to rewrite was still accepted before uploads were cleaned: it goes as it is.
  const bytes = (await withoutMetadata(new Uint8Array(file.data), file.content_type)) ?? new Uint8Array(file.data);
  const dot = file.filename.lastIndexOf(".");
  const filename = anonymous ? `attachment-${n.output}${dot > 0 ? file.filename.slice(dot) : ""}` : file.filename;
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": file.content_type,
      "Content-Length": String(bytes.length),
      "Content-Disposition": contentDisposition(filename),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
