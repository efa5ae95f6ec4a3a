import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { suggestedPartners } from "./partner-suggestions.server";
import { requestInbox } from "./partnership-requests.server";

/**
 * The organisations a proposal's lead may invite as partners: first those it has agreed with on
 * the partner board (`board`), then those that fit the theme (`suggested`: suggestedPartners, its
 * own areas preferred), then every other organisation (`all`, in kana order, at most 500): each
 * once. Those already invited or accepted, and the lead itself, are left out.
 */
export async function partnerInviteOptions(
  db: Kysely<Database>,
  input: {
    leadOrganizationId: string;
    partners: { organizationId: string; status: string }[];
    theme: { fields: readonly string[]; requiredKinds: readonly string[] };
    now: Date;
  },
) {
  const lead = input.leadOrganizationId;
  const taken = new Set(
    input.partners.filter((p) => p.status === "invited" || p.status === "accepted").map((p) => p.organizationId),
  );
  const leadAreas = db.selectFrom("organizations").select("areas").where("id", "=", lead);
  const [fromBoard, all, areas] = await Promise.all([
    requestInbox(db, lead),
    db.selectFrom("organizations").select(["id", "name"]).orderBy("name_kana").limit(500).execute(),
    leadAreas.executeTakeFirst(),
  ]);
  const boardIds = new Set(
    fromBoard
      .filter((r) => r.status === "accepted")
      .map((r) => (r.from_organization_id === lead ? r.to_organization_id : r.from_organization_id)),
  );
  const suggested = await suggestedPartners(db, {
    ...input.theme,
    areas: areas?.areas ?? [],
    exclude: [lead, ...taken, ...boardIds],
    now: input.now,
  });
  const suggestedIds = new Set(suggested.map((o) => o.id));
  return {
    board: all.filter((o) => boardIds.has(o.id) && !taken.has(o.id)),
    suggested: suggested.map((o) => ({ id: o.id, name: o.name })),
    // Each organisation once: one listed in a group above is not listed again below.
    all: all.filter((o) => !taken.has(o.id) && o.id !== lead && !boardIds.has(o.id) && !suggestedIds.has(o.id)),
  };
}
