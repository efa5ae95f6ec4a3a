/**
 * Partnership requests between organisations: one sent from a listing on the board (limited per
 * day), the thread of messages the two organisations write, and the receiving one's answer.
 */
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";
import { membershipOf, organizationRecipients } from "./organizations.server";
import { isListingOpen } from "./partners.server";

/** So the board cannot be used to spam: requests one organisation may send in 24 hours. */
export const REQUESTS_PER_DAY = 10;

export type RequestProblem =
  | "not_member"
  | "own_listing"
  | "listing_closed"
  | "rate_limited"
  | "duplicate"
  | "not_found";

/**
 * A request to work together, with its first message: answering a listing (`listingId`), or, to a
 * verified organisation without an open listing, straight to it (`toOrganizationId`). Either way at
 * most REQUESTS_PER_DAY from one organisation a day, and one pending per listing or organisation.
 */
export async function sendPartnershipRequest(
  db: Kysely<Database>,
  input: ({ listingId: string; toOrganizationId?: undefined } | { listingId?: undefined; toOrganizationId: string }) & {
    fromOrganizationId: string;
    user: { id: string };
    message: string;
  },
  ctx: MailContext,
): Promise<{ ok: true; requestId: string } | { ok: false; problem: RequestProblem }> {
  return db.transaction().execute(async (trx) => {
    let listing: { id: string; organization_id: string } | null = null;
    let closed = false;
    let toOrganizationId: string;
    if (input.listingId !== undefined) {
      const found = await trx
        .selectFrom("partner_listings")
        .select(["id", "organization_id", "closed_at", "ends_at"])
        .where("id", "=", input.listingId)
        .executeTakeFirst();
      if (!found) return { ok: false as const, problem: "not_found" as const };
      listing = found;
      closed = !isListingOpen(found, ctx.now);
      toOrganizationId = found.organization_id;
    } else {
      const target = await trx
        .selectFrom("organizations")
        .select("id")
        .where("id", "=", input.toOrganizationId)
        .where("verification_status", "=", "verified")
        .executeTakeFirst();
      if (!target) return { ok: false as const, problem: "not_found" as const };
      toOrganizationId = target.id;
    }
    if (!(await membershipOf(trx, input.fromOrganizationId, input.user.id))) {
      return { ok: false as const, problem: "not_member" as const };
    }
    if (toOrganizationId === input.fromOrganizationId) return { ok: false as const, problem: "own_listing" as const };
    if (closed) return { ok: false as const, problem: "listing_closed" as const };

    // Serialise requests from one organisation, so the daily limit holds under concurrency.
    await trx.selectFrom("organizations").select("id").where("id", "=", input.fromOrganizationId).forUpdate().execute();
    const recent = await trx
      .selectFrom("partnership_requests")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("from_organization_id", "=", input.fromOrganizationId)
      .where("created_at", ">", new Date(ctx.now.getTime() - 24 * 3600_000))
      .executeTakeFirstOrThrow();
    if (Number(recent.count) >= REQUESTS_PER_DAY) return { ok: false as const, problem: "rate_limited" as const };
    let pending = trx
      .selectFrom("partnership_requests")
      .select("id")
      .where("from_organization_id", "=", input.fromOrganizationId)
      .where("status", "=", "pending");
    pending = listing
      ? pending.where("listing_id", "=", listing.id)
      : pending.where("listing_id", "is", null).where("to_organization_id", "=", toOrganizationId);
    const duplicate = await pending.executeTakeFirst();
    if (duplicate) return { ok: false as const, problem: "duplicate" as const };

    const id = randomUUID();
    await trx
      .insertInto("partnership_requests")
      .values({
        id,
        listing_id: listing?.id ?? null,
        from_organization_id: input.fromOrganizationId,
        to_organization_id: toOrganizationId,
        created_by: input.user.id,
        created_at: ctx.now,
      })
      .execute();
    await trx
      .insertInto("partnership_messages")
      .values({
        request_id: id,
        organization_id: input.fromOrganizationId,
        author_id: input.user.id,
        body: input.message,
        created_at: ctx.now,
      })
      .execute();
    const names = await organizationNames(trx, [input.fromOrganizationId, toOrganizationId]);
    await notify(
      trx,
      await organizationRecipients(trx, [toOrganizationId]),
      {
        message: "notice.requestReceived",
        mail: "requestReceived",
        params: { from: names[input.fromOrganizationId], to: names[toOrganizationId], message: input.message },
        link: `/requests/${id}`,
      },
      ctx,
    );
    await recordAudit(trx, input.user.id, "partnership.requested", ["partnership_request", id]);
    return { ok: true as const, requestId: id };
  });
}

async function organizationNames(db: Kysely<Database>, ids: string[]): Promise<Record<string, string>> {
  const rows = await db.selectFrom("organizations").select(["id", "name"]).where("id", "in", ids).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

/** A request ("r") with the names of its two organisations ("f" from, "t" to) and its listing ("l"). */
function requestsWithOrganizations(db: Kysely<Database>) {
  return db
    .selectFrom("partnership_requests as r")
    .innerJoin("organizations as f", "f.id", "r.from_organization_id")
    .innerJoin("organizations as t", "t.id", "r.to_organization_id")
    .leftJoin("partner_listings as l", "l.id", "r.listing_id")
    .select([
      "r.id",
      "r.status",
      "r.created_at",
      "r.from_organization_id",
      "r.to_organization_id",
      "f.name as from_name",
      "t.name as to_name",
      "l.title as listing_title",
    ]);
}

/**
 * A request thread as one of its two organisations sees it; null for anyone else, so a wrong id
 * reveals nothing. `side` says which organisation the person speaks for.
 */
export async function getRequestThread(db: Kysely<Database>, requestId: string, userId: string) {
  const request = await requestsWithOrganizations(db)
    .leftJoin("organization_members as fm", (join) =>
      join.onRef("fm.organization_id", "=", "r.from_organization_id").on("fm.user_id", "=", userId),
    )
    .leftJoin("organization_members as tm", (join) =>
      join.onRef("tm.organization_id", "=", "r.to_organization_id").on("tm.user_id", "=", userId),
    )
    .select(["l.id as listing_id", "fm.user_id as from_member", "tm.user_id as to_member"])
    .where("r.id", "=", requestId)
    .executeTakeFirst();
  if (!request || (!request.from_member && !request.to_member)) return null;
  const messages = await db
    .selectFrom("partnership_messages as m")
    .innerJoin("organizations as o", "o.id", "m.organization_id")
    .leftJoin("users as u", "u.id", "m.author_id")
    .select(["m.id", "m.body", "m.created_at", "o.name as organization_name", "u.name as author_name"])
    .where("m.request_id", "=", requestId)
    .orderBy("m.id")
    .execute();
  return { request, messages, side: request.to_member ? ("to" as const) : ("from" as const) };
}

export async function replyToRequest(
  db: Kysely<Database>,
  input: { requestId: string; user: { id: string }; message: string },
  ctx: MailContext,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const thread = await getRequestThread(trx, input.requestId, input.user.id);
    if (!thread) return false;
    const { request, side } = thread;
    const mine = side === "to" ? request.to_organization_id : request.from_organization_id;
    const theirs = side === "to" ? request.from_organization_id : request.to_organization_id;
    await trx
      .insertInto("partnership_messages")
      .values({
        request_id: request.id,
        organization_id: mine,
        author_id: input.user.id,
        body: input.message,
        created_at: ctx.now,
      })
      .execute();
    await notify(
      trx,
      await organizationRecipients(trx, [theirs]),
      {
        message: "notice.requestReply",
        mail: "requestReply",
        params: { from: side === "to" ? request.to_name : request.from_name, message: input.message },
        link: `/requests/${request.id}`,
      },
      ctx,
    );
    return true;
  });
}

/** Only the receiving organisation answers, and only once. */
export async function decideRequest(
  db: Kysely<Database>,
  input: { requestId: string; user: { id: string }; decision: "accepted" | "declined"; statusLabel: string },
  ctx: MailContext,
): Promise<{ ok: true } | { ok: false; problem: "not_found" | "forbidden" | "already_decided" }> {
  return db.transaction().execute(async (trx) => {
    const thread = await getRequestThread(trx, input.requestId, input.user.id);
    if (!thread) return { ok: false as const, problem: "not_found" as const };
    if (thread.side !== "to") return { ok: false as const, problem: "forbidden" as const };
    const updated = await trx
      .updateTable("partnership_requests")
      .set({ status: input.decision, decided_at: ctx.now, decided_by: input.user.id })
      .where("id", "=", input.requestId)
      .where("status", "=", "pending")
      .returning("id")
      .executeTakeFirst();
    if (!updated) return { ok: false as const, problem: "already_decided" as const };
    const { request } = thread;
    await notify(
      trx,
      await organizationRecipients(trx, [request.from_organization_id]),
      {
        message: input.decision === "accepted" ? "notice.requestAccepted" : "notice.requestDeclined",
        mail: "requestDecided",
        params: { from: request.from_name, to: request.to_name, status: input.statusLabel },
        link: `/requests/${request.id}`,
      },
      ctx,
    );
    await recordAudit(trx, input.user.id, `partnership.${input.decision}`, ["partnership_request", request.id]);
    return { ok: true as const };
  });
}

/** Requests received and sent by an organisation, newest first. */
export async function requestInbox(db: Kysely<Database>, organizationId: string) {
  return requestsWithOrganizations(db)
    .where((eb) =>
      eb.or([eb("r.to_organization_id", "=", organizationId), eb("r.from_organization_id", "=", organizationId)]),
    )
    .orderBy("r.created_at", "desc")
    .limit(100)
    .execute();
}
