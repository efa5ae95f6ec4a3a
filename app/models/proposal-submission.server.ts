/**
 * Submitting a proposal and withdrawing it: what still keeps it from being submitted, the one
 * submission with its receipt number, and the lead's withdrawal while the window is open.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { notify } from "./notifications.server";
import { membershipOf, organizationRecipients } from "./organizations.server";
import { budgetTotals, type Problem, receiptNumber, receiptPrefix, submissionProblems } from "./proposal-rules";
import { type LoadedProposal, loadProposal, proposalAccess } from "./proposals.server";
import { themePhase } from "./theme-rules";

export function problemsOf(loaded: LoadedProposal, now: Date): Problem[] {
  const { proposal } = loaded;
  return submissionProblems({
    phase: themePhase(
      { status: proposal.theme_status, opens_at: proposal.opens_at, closes_at: proposal.closes_at },
      now,
    ),
    closesAt: proposal.closes_at,
    rules: loaded.rules,
    leadVerified: proposal.lead_verification === "verified",
    partners: loaded.partners,
    content: loaded.content,
  });
}

/** The proposal as it is sent: the text, the organisations that accepted, the budget's totals. */
export function documentOf(loaded: LoadedProposal) {
  const { content, partners, rules } = loaded;
  return {
    content,
    partners: partners
      .filter((p) => p.status === "accepted")
      .map((p) => ({ id: p.organizationId, name: p.name, kind: p.kind })),
    totals: budgetTotals(content.budget, rules),
  };
}

/** The text's version as the confirmation page carries it (textVersionOf). */
export function textVersion(loaded: LoadedProposal): string {
  return loaded.text;
}

export type SubmitResult =
  | { ok: true; receiptNumber: string }
  | { ok: false; problems: Problem[] }
  | { ok: false; problem: "forbidden" | "not_draft" };

/**
 * Submits exactly once: the proposal row is locked, so a double click, a retried request or two
 * partners pressing at once all wait for the first, which locks the proposal and takes a receipt
 * number; the others then find it submitted and get the same receipt.
 */
export async function submitProposal(
  db: Kysely<Database>,
  input: { proposalId: string; userId: string },
  ctx: MailContext,
): Promise<SubmitResult> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom("proposals")
      .select(["status", "receipt_number"])
      .where("id", "=", input.proposalId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return { ok: false as const, problem: "forbidden" as const };
    const access = await proposalAccess(trx, input.proposalId, { id: input.userId, isStaff: false });
    if (access.access !== "team") return { ok: false as const, problem: "forbidden" as const };
    if (locked.status === "submitted" && locked.receipt_number)
      return { ok: true as const, receiptNumber: locked.receipt_number };
    if (locked.status !== "draft") return { ok: false as const, problem: "not_draft" as const };
    const loaded = await loadProposal(trx, input.proposalId);
    if (!loaded) return { ok: false as const, problem: "forbidden" as const };
    const problems = problemsOf(loaded, ctx.now);
    if (problems.length) return { ok: false as const, problems };

    const prefix = receiptPrefix(ctx.now, loaded.proposal.course_short_name);
    const counter = await trx
      .insertInto("receipt_counters")
      .values({ prefix, last_number: 1 })
      .onConflict((oc) => oc.column("prefix").doUpdateSet({ last_number: sql`receipt_counters.last_number + 1` }))
      .returning("last_number")
      .executeTakeFirstOrThrow();
    const receipt = receiptNumber(prefix, counter.last_number);
    const totals = budgetTotals(loaded.content.budget, loaded.rules);
    await trx
      .updateTable("proposals")
      .set({
        status: "submitted",
        receipt_number: receipt,
        submitted_at: ctx.now,
        submitted_by: input.userId,
        requested_amount: totals.requested,
        updated_at: ctx.now,
      })
      .where("id", "=", input.proposalId)
      .execute();
    const teamIds = loaded.partners.filter((p) => p.status === "accepted").map((p) => p.organizationId);
    await notify(
      trx,
      await organizationRecipients(trx, teamIds),
      {
        message: "notice.proposalSubmitted",
        mail: "proposalReceipt",
        params: {
          receipt,
          title: loaded.content.basics.title,
          theme: loaded.proposal.theme_title,
          organizations: loaded.partners
            .filter((p) => p.status === "accepted")
            .map((p) => p.name)
            .join("、"),
          requested: totals.requested.toLocaleString("ja-JP"),
          total: totals.total.toLocaleString("ja-JP"),
        },
        link: `/proposals/${input.proposalId}`,
      },
      ctx,
    );
    await recordAudit(trx, input.userId, "proposal.submitted", ["proposal", input.proposalId], { receipt });
    return { ok: true as const, receiptNumber: receipt };
  });
}

/** The lead's representatives may withdraw a submitted proposal until the window closes. */
export async function withdrawProposal(
  db: Kysely<Database>,
  input: { proposalId: string; userId: string },
  ctx: MailContext,
): Promise<{ ok: true } | { ok: false; problem: "forbidden" | "not_submitted" | "closed" }> {
  return db.transaction().execute(async (trx) => {
    const loaded = await loadProposal(trx, input.proposalId);
    if (!loaded) return { ok: false as const, problem: "forbidden" as const };
    const { proposal } = loaded;
    if ((await membershipOf(trx, proposal.lead_organization_id, input.userId)) !== "representative")
      return { ok: false as const, problem: "forbidden" as const };
    if (
      themePhase(
        { status: proposal.theme_status, opens_at: proposal.opens_at, closes_at: proposal.closes_at },
        ctx.now,
      ) !== "open"
    ) {
      return { ok: false as const, problem: "closed" as const };
    }
    const done = await trx
      .updateTable("proposals")
      .set({ status: "withdrawn", withdrawn_at: ctx.now, updated_at: ctx.now })
      .where("id", "=", proposal.id)
      .where("status", "=", "submitted")
      .returning("id")
      .executeTakeFirst();
    if (!done) return { ok: false as const, problem: "not_submitted" as const };
    await recordAudit(trx, input.userId, "proposal.withdrawn", ["proposal", proposal.id]);
    return { ok: true as const };
  });
}
