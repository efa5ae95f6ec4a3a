import { fileMeta, reportPhotoOwner } from "../models/files.server";
import { can as canOnProject } from "../models/project-policy";
import { projectAccess } from "../models/project-reports.server";
import { can as canOnProposal } from "../models/proposal-policy";
import { proposalAccess } from "../models/proposals.server";
import { reviewAccess } from "../models/reviews.server";
import { services } from "../services.server";
import { notFound } from "../utils/http.server";
import { getUser, hasRole } from "./session.server";
import { visibleTheme } from "./theme-access.server";

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot) : "";
};

/**
 * A stored file for someone who may download it, and the name to give it; 404 for anyone else.
 * A theme's documents: whoever may see the theme. A proposal's attachments: its team, staff and the
 * reviewers who may open the proposal — under a neutral name where the theme hides names, since a
 * file name often carries the organisation's. A report's photo: the public once the report is
 * approved and the team marked the photo public; otherwise the project's team and staff.
 */
export async function requireFile(request: Request, fileId: string) {
  const { db } = services();
  const file = await fileMeta(db, fileId);
  if (!file) throw notFound();
  if (file.owner_type === "theme") {
    if (!(await visibleTheme(db, file.owner_id, await getUser(request)))) throw notFound();
    return { file, filename: file.filename };
  }
  if (file.owner_type === "proposal") {
    const user = await getUser(request);
    if (!user) throw notFound();
    const access = await proposalAccess(db, file.owner_id, { id: user.id, isStaff: hasRole(user, "staff") });
    if (canOnProposal(access.access, "readContent")) return { file, filename: file.filename };
    const asReviewer = await reviewAccess(db, user.id, file.owner_id);
    if (!asReviewer) throw notFound();
    const anonymous = asReviewer.hideNames && !hasRole(user, "staff");
    return { file, filename: anonymous ? `attachment${extensionOf(file.filename)}` : file.filename };
  }
  if (file.owner_type === "report") {
    const owner = await reportPhotoOwner(db, file.id, file.owner_id);
    if (!owner) throw notFound();
    if (owner.isPublic) return { file, filename: file.filename };
    const user = await getUser(request);
    const access = user
      ? await projectAccess(db, owner.projectId, { id: user.id, isStaff: hasRole(user, "staff") })
      : null;
    if (!canOnProject(access, "read")) throw notFound();
    return { file, filename: file.filename };
  }
  throw notFound();
}
