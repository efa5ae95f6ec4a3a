import { hasRole, requireUser } from "~/auth/session.server";
import { reviewAccess, type Stage } from "~/models/reviews.server";
import { services } from "~/services.server";
import { notFound } from "~/utils/http.server";

/**
 * A reviewer (or staff) assigned to the proposal's theme, after the deadline, without a conflict,
 * checked on every request: someone demoted to member, taken off the theme or now in conflict is
 * refused at once. Everyone else — another theme's reviewer, applicants — gets 404.
 */
export async function requireReviewer(request: Request, proposalId: string) {
  const { user } = await requireUser(request);
  if (!hasRole(user, "reviewer") && !hasRole(user, "staff")) throw notFound();
  const stage: Stage = new URL(request.url).searchParams.get("stage") === "2" ? 2 : 1;
  const access = await reviewAccess(services().db, user.id, proposalId, stage);
  if (!access) throw notFound();
  return { user, access, stage, anonymous: access.hideNames && !hasRole(user, "staff") };
}
