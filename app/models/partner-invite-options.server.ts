import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { requestInbox } from "./partnership-requests.server";

/**
 * The organisations a proposal's lead may invite as partners: first those it has agreed with on
 * the partner board (`board`), then every other organisation (`all`, in kana order, at most 500):
 * each once. Those already invited or accepted, and the lead itself, are left out.
 */
export async function partnerInviteOptions(
  db: Kysely<Database>,
  input: { leadOrganizationId: string; partners: { organizationId: string; status: string }[] },
) {
  const lead = input.leadOrganizationId;
  const [fromBoard, all] = await Promise.all([
    requestInbox(db, lead),
    db.selectFrom("organizations").select(["id", "name"]).orderBy("name_kana").limit(500).execute(),
  ]);
  const taken = new Set(
    input.partners.filter((p) => p.status === "invited" || p.status === "accepted").map((p) => p.organizationId),
  );
  const boardIds = new Set(
    fromBoard
      .filter((r) => r.status === "accepted")
      .map((r) => (r.from_organization_id === lead ? r.to_organization_id : r.from_organization_id)),
  );
  return {
    board: all.filter((o) => boardIds.has(o.id) && !taken.has(o.id)),
    // Each organisation once: one agreed on the board is listed there, not again below.
    all: all.filter((o) => !taken.has(o.id) && o.id !== lead && !boardIds.has(o.id)),
  };
}
