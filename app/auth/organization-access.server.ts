import { can, type OrganizationAction } from "../models/organization-policy";
import { getOrganization, membershipOf } from "../models/organizations.server";
import { services } from "../services.server";
import { forbidden, notFound } from "../utils/http.server";
import { requireVerifiedUser } from "./session.server";

/**
 * Acting for an organisation: a signed-in, verified member of it who may take `action`
 * (models/organization-policy.ts). A visitor goes to log in; anyone else gets 403; an unknown id 404.
 */
export async function requireOrganization(request: Request, organizationId: string, action: OrganizationAction) {
  const { user, session } = await requireVerifiedUser(request);
  const { db } = services();
  const organization = await getOrganization(db, organizationId);
  if (!organization) throw notFound();
  const membership = await membershipOf(db, organizationId, user.id);
  if (!membership || !can(membership, action)) throw forbidden();
  return { user, session, organization, membership };
}
