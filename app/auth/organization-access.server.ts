import type { MemberRole } from "../../db/schema";
import { getOrganization, membershipOf } from "../models/organizations.server";
import { services } from "../services.server";
import { forbidden, notFound } from "../utils/http.server";
import { requireVerifiedUser } from "./session.server";

/**
 * Acting for an organisation: a signed-in, verified member of it (or, with `role`, its
 * representative). A visitor goes to log in; anyone else gets 403; an unknown id 404.
 */
export async function requireOrganizationRole(request: Request, organizationId: string, role?: MemberRole) {
  const { user, session } = await requireVerifiedUser(request);
  const { db } = services();
  const organization = await getOrganization(db, organizationId);
  if (!organization) throw notFound();
  const membership = await membershipOf(db, organizationId, user.id);
  if (!membership || (role === "representative" && membership !== "representative")) throw forbidden();
  return { user, session, organization, membership };
}
