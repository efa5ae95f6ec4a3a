import type { LoaderFunctionArgs } from "@remix-run/node";
import * as v from "valibot";
import { getUser, hasRole } from "~/auth/session.server";
import { contentDisposition, fileMeta, fileStream } from "~/models/files.server";
import { projectAccess } from "~/models/project-reports.server";
import { proposalAccess } from "~/models/proposals.server";
import { reviewAccess } from "~/models/reviews.server";
import { getTheme } from "~/models/themes.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot) : "";
};

// Read: a theme's documents are public once the theme is published (staff see drafts' too); a
// proposal's attachments only to its team, staff and its reviewers.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = v.safeParse(v.pipe(v.string(), v.uuid()), params.id);
  if (!id.success) throw notFound();
  const { db } = services();
  const file = await fileMeta(db, id.output);
  if (!file) throw notFound();
  let filename = file.filename;
  if (file.owner_type === "theme") {
    const theme = await getTheme(db, file.owner_id);
    if (!theme) throw notFound();
    if (theme.status === "draft") {
      const user = await getUser(request);
      if (!user || !hasRole(user, "staff")) throw notFound();
    }
  } else if (file.owner_type === "proposal") {
    // A proposal's attachments: its team, staff, and reviewers who may open the proposal.
    const user = await getUser(request);
    if (!user) throw notFound();
    const access = await proposalAccess(db, file.owner_id, { id: user.id, isStaff: hasRole(user, "staff") });
    const asReviewer =
      access.access === "team" || access.access === "staff" ? null : await reviewAccess(db, user.id, file.owner_id);
    if (access.access !== "team" && access.access !== "staff" && !asReviewer) throw notFound();
    // Names are hidden from outside reviewers: a file name often carries the organisation's.
    if (asReviewer?.hideNames && !hasRole(user, "staff")) filename = `attachment${extensionOf(file.filename)}`;
  } else if (file.owner_type === "report") {
    // A report's photo: public once the report is approved and the team marked it public;
    // otherwise the project's team and staff only.
    const report = await db
      .selectFrom("milestone_reports as r")
      .innerJoin("milestones as m", "m.id", "r.milestone_id")
      .select(["r.status", "m.project_id"])
      .where("r.id", "=", file.owner_id)
      .executeTakeFirst();
    if (!report) throw notFound();
    const isPublic =
      report.status === "approved" &&
      (await db.selectFrom("files").select("is_public").where("id", "=", file.id).executeTakeFirstOrThrow()).is_public;
    if (!isPublic) {
      const user = await getUser(request);
      if (!user || !(await projectAccess(db, report.project_id, { id: user.id, isStaff: hasRole(user, "staff") })))
        throw notFound();
    }
  } else {
    throw notFound();
  }
  return new Response(fileStream(db, file.id, file.size), {
    headers: {
      "Content-Type": file.content_type,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(filename),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, max-age=300",
    },
  });
}
