import { hasRole, requireUser } from "~/auth/session.server";
import { can, type ProjectAction } from "~/models/project-policy";
import { projectAccess } from "~/models/project-reports.server";
import { services } from "~/services.server";
import { forbidden, notFound } from "~/utils/http.server";

/**
 * A funded project's back office, for its team and staff. Someone who may not read it gets 404 (a
 * guessed id reveals nothing); someone who may read it but not take `action` gets 403.
 */
export async function requireProject(request: Request, projectId: string, action: ProjectAction = "read") {
  const { user } = await requireUser(request);
  const access = await projectAccess(services().db, projectId, { id: user.id, isStaff: hasRole(user, "staff") });
  if (!can(access, "read")) throw notFound();
  if (!can(access, action)) throw forbidden();
  return { user, access: access as NonNullable<typeof access> };
}
