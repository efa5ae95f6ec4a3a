import type { MemberRole } from "../../db/schema";
import { policy } from "./policy";

export type OrganizationAction = "actFor" | "manage";

/** Any member acts for the organisation (requests, proposals); only a representative manages it. */
export const can = policy<MemberRole, OrganizationAction>({
  actFor: ["representative", "member"],
  manage: ["representative"],
});
