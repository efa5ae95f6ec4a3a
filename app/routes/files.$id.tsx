import type { LoaderFunctionArgs } from "@remix-run/node";
import * as v from "valibot";
import { requireFile } from "~/auth/file-access.server";
import { contentDisposition, fileStream } from "~/models/files.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";

// Read: whoever may see what the file belongs to (requireFile says who); 404 for anyone else.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = v.safeParse(v.pipe(v.string(), v.uuid()), params.id);
  if (!id.success) throw notFound();
  const { file, filename } = await requireFile(request, id.output);
  return new Response(fileStream(services().db, file.id, file.size), {
    headers: {
      "Content-Type": file.content_type,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(filename),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=300",
    },
  });
}
