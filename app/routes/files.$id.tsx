import type { LoaderFunctionArgs } from "@remix-run/node";
import * as v from "valibot";
import { getUser, hasRole } from "~/auth/session.server";
import { contentDisposition, fileMeta, fileStream } from "~/models/files.server";
import { getTheme } from "~/models/themes.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";

// Read: a theme's documents are public once the theme is published (staff see drafts' too).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = v.safeParse(v.pipe(v.string(), v.uuid()), params.id);
  if (!id.success) throw notFound();
  const { db } = services();
  const file = await fileMeta(db, id.output);
  if (file?.owner_type !== "theme") throw notFound();
  const theme = await getTheme(db, file.owner_id);
  if (!theme) throw notFound();
  if (theme.status === "draft") {
    const user = await getUser(request);
    if (!user || !hasRole(user, "staff")) throw notFound();
  }
  return new Response(fileStream(db, file.id, file.size), {
    headers: {
      "Content-Type": file.content_type,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(file.filename),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=300",
    },
  });
}
