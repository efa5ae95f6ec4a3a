import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database, ProposalStatus } from "../../db/schema";
import { recordAudit } from "./audit.server";
import type { MailContext } from "./mail-context";
import { notify, type Recipient } from "./notifications.server";
import { proposalOrganizationNames } from "./organization-names.server";
import { membershipOf } from "./organizations.server";
import {
  budgetTotals,
  EMPTY_SECTIONS,
  type GrantRules,
  type PartnerState,
  type Problem,
  receiptNumber,
  receiptPrefix,
  SECTIONS,
  type SectionContent,
  type SectionKey,
  submissionProblems,
} from "./proposal-rules";
import { themePhase } from "./theme-rules";

export type StartProblem = "not_member" | "lead_unverified" | "theme_closed" | "not_found";

/** A member starts a draft for one of their organisations, which becomes the lead (代表団体). */
export async function startProposal(
  db: Kysely<Database>,
  input: { themeId: string; leadOrganizationId: string; userId: string; now: Date },
): Promise<{ ok: true; id: string } | { ok: false; problem: StartProblem }> {
  return db.transaction().execute(async (trx) => {
    const theme = await trx
      .selectFrom("themes")
      .select(["id", "status", "opens_at", "closes_at"])
      .where("id", "=", input.themeId)
      .executeTakeFirst();
    if (!theme) return { ok: false as const, problem: "not_found" as const };
    if (themePhase(theme, input.now) !== "open") return { ok: false as const, problem: "theme_closed" as const };
    if (!(await membershipOf(trx, input.leadOrganizationId, input.userId)))
      return { ok: false as const, problem: "not_member" as const };
    const org = await trx
      .selectFrom("organizations")
      .select("verification_status")
      .where("id", "=", input.leadOrganizationId)
      .executeTakeFirstOrThrow();
    if (org.verification_status !== "verified") return { ok: false as const, problem: "lead_unverified" as const };
    const id = randomUUID();
    await trx
      .insertInto("proposals")
      .values({
        id,
        theme_id: theme.id,
        lead_organization_id: input.leadOrganizationId,
        created_by: input.userId,
        created_at: input.now,
        updated_at: input.now,
      })
      .execute();
    await trx
      .insertInto("proposal_partners")
      .values({
        proposal_id: id,
        organization_id: input.leadOrganizationId,
        role: "lead",
        status: "accepted",
        invited_by: input.userId,
        responded_by: input.userId,
        responded_at: input.now,
      })
      .execute();
    await trx
      .insertInto("proposal_sections")
      .values(
        SECTIONS.map((section) => ({
          proposal_id: id,
          section,
          content: JSON.stringify(EMPTY_SECTIONS[section]),
          updated_by: input.userId,
        })),
      )
      .execute();
    await recordAudit(trx, { actorId: input.userId, action: "proposal.created", entityType: "proposal", entityId: id });
    return { ok: true as const, id };
  });
}

/** A proposal's sections as stored, each over its empty form: a section never saved reads as empty. */
function contentOf(sections: { section: string; content: unknown }[]): SectionContent {
  const content = { ...EMPTY_SECTIONS } as SectionContent;
  for (const s of sections) {
    const key = s.section as SectionKey;
    (content as unknown as Record<string, unknown>)[key] = { ...EMPTY_SECTIONS[key], ...(s.content as object) };
  }
  return content;
}

export async function loadProposal(db: Kysely<Database>, id: string) {
  const proposal = await db
    .selectFrom("proposals as p")
    .innerJoin("themes as t", "t.id", "p.theme_id")
    .innerJoin("courses as c", "c.id", "t.course_id")
    .innerJoin("organizations as lead", "lead.id", "p.lead_organization_id")
    .selectAll("p")
    .select([
      "t.title as theme_title",
      "t.status as theme_status",
      "t.opens_at",
      "t.closes_at",
      "t.subsidy_rate_percent",
      "t.grant_cap_per_year",
      "t.grant_cap_total",
      "t.duration_years",
      "t.required_kinds",
      "t.hide_names",
      "t.min_organizations",
      "t.declaration",
      "c.short_name as course_short_name",
      "lead.name as lead_name",
      "lead.verification_status as lead_verification",
    ])
    .where("p.id", "=", id)
    .executeTakeFirst();
  if (!proposal) return null;
  const [sections, partners] = await Promise.all([
    db
      .selectFrom("proposal_sections as s")
      .leftJoin("users as u", "u.id", "s.updated_by")
      .select(["s.section", "s.content", "s.version", "s.updated_at", "u.name as updated_by_name"])
      .where("s.proposal_id", "=", id)
      .execute(),
    db
      .selectFrom("proposal_partners as pp")
      .innerJoin("organizations as o", "o.id", "pp.organization_id")
      .select(["pp.organization_id", "pp.role", "pp.status", "o.name", "o.kind"])
      .where("pp.proposal_id", "=", id)
      .orderBy("pp.role")
      .orderBy("pp.invited_at")
      .execute(),
  ]);
  const content = contentOf(sections);
  const versions = {} as Record<SectionKey, { version: number; updatedAt: Date; updatedBy: string | null }>;
  for (const s of sections) {
    versions[s.section as SectionKey] = { version: s.version, updatedAt: s.updated_at, updatedBy: s.updated_by_name };
  }
  const rules: GrantRules & { requiredKinds: string[]; minOrganizations: number } = {
    subsidyRatePercent: proposal.subsidy_rate_percent,
    grantCapPerYear: proposal.grant_cap_per_year,
    grantCapTotal: proposal.grant_cap_total,
    durationYears: proposal.duration_years,
    requiredKinds: proposal.required_kinds,
    minOrganizations: proposal.min_organizations,
  };
  const partnerStates: PartnerState[] = partners.map((p) => ({
    organizationId: p.organization_id,
    name: p.name,
    kind: p.kind,
    status: p.status,
  }));
  return { proposal, content, versions, partners: partnerStates, partnerRoles: partners, rules };
}

export type LoadedProposal = NonNullable<Awaited<ReturnType<typeof loadProposal>>>;

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

export type Access = "team" | "invited" | "staff" | "reviewer" | null;

/**
 * Who may see a proposal: members of accepted partner organisations (the team) and staff always;
 * representatives of an invited organisation see only the invitation; nobody else learns it exists.
 * (Assigned reviewers come with the review feature.)
 */
/**
 * Many proposals' sections and organisations in two queries, for a printed bundle: what
 * loadProposal gives one proposal, without a query per proposal.
 */
export async function loadProposalContents(db: Kysely<Database>, ids: string[]) {
  if (ids.length === 0) return new Map<string, { content: SectionContent; partners: PartnerState[] }>();
  const [sections, partners] = await Promise.all([
    db
      .selectFrom("proposal_sections")
      .select(["proposal_id", "section", "content"])
      .where("proposal_id", "in", ids)
      .execute(),
    db
      .selectFrom("proposal_partners as pp")
      .innerJoin("organizations as o", "o.id", "pp.organization_id")
      .select(["pp.proposal_id", "pp.organization_id", "pp.status", "o.name", "o.kind"])
      .where("pp.proposal_id", "in", ids)
      .orderBy("pp.proposal_id")
      .orderBy("pp.role")
      .orderBy("pp.invited_at")
      .execute(),
  ]);
  const sectionsOf = new Map<string, typeof sections>();
  for (const s of sections) sectionsOf.set(s.proposal_id, [...(sectionsOf.get(s.proposal_id) ?? []), s]);
  const contents = new Map<string, { content: SectionContent; partners: PartnerState[] }>(
    ids.map((id) => [id, { content: contentOf(sectionsOf.get(id) ?? []), partners: [] }]),
  );

  for (const p of partners) {
    contents
      .get(p.proposal_id)
      ?.partners.push({ organizationId: p.organization_id, name: p.name, kind: p.kind, status: p.status });
  }
  return contents;
}

export async function proposalAccess(db: Kysely<Database>, proposalId: string, user: { id: string; isStaff: boolean }) {
  const rows = await db
    .selectFrom("proposal_partners as pp")
    .innerJoin("organization_members as m", (join) =>
      join.onRef("m.organization_id", "=", "pp.organization_id").on("m.user_id", "=", user.id),
    )
    .select(["pp.organization_id", "pp.role", "pp.status", "m.role as member_role"])
    .where("pp.proposal_id", "=", proposalId)
    .execute();
  const team = rows.filter((r) => r.status === "accepted");
  const invitedAsRepresentative = rows.filter((r) => r.status === "invited" && r.member_role === "representative");
  const access: Access = team.length
    ? "team"
    : user.isStaff
      ? "staff"
      : invitedAsRepresentative.length
        ? "invited"
        : null;
  return {
    access,
    isLeadRepresentative: rows.some(
      (r) => r.role === "lead" && r.status === "accepted" && r.member_role === "representative",
    ),
    invitedOrganizationIds: invitedAsRepresentative.map((r) => r.organization_id),
    myOrganizationIds: team.map((r) => r.organization_id),
  };
}

export type SaveResult =
  | { ok: true }
  | { ok: false; error: "locked" }
  | {
      ok: false;
      error: "conflict";
      current: { content: unknown; version: number; updatedBy: string | null; updatedAt: Date };
    };

/**
 * Saves one section if nobody saved it since the editor opened it (`expectedVersion`). Otherwise
 * nothing is written and the caller gets what is saved now, to show beside what was typed.
 */
export async function saveSection<K extends SectionKey>(
  db: Kysely<Database>,
  input: {
    proposalId: string;
    section: K;
    content: SectionContent[K];
    expectedVersion: number;
    userId: string;
    now: Date;
  },
): Promise<SaveResult> {
  return db.transaction().execute(async (trx) => {
    const proposal = await trx
      .selectFrom("proposals")
      .select(["status"])
      .where("id", "=", input.proposalId)
      .forUpdate()
      .executeTakeFirst();
    if (proposal?.status !== "draft") return { ok: false as const, error: "locked" as const };
    const saved = await trx
      .updateTable("proposal_sections")
      .set({
        content: JSON.stringify(input.content),
        version: sql`version + 1`,
        updated_by: input.userId,
        updated_at: input.now,
      })
      .where("proposal_id", "=", input.proposalId)
      .where("section", "=", input.section)
      .where("version", "=", input.expectedVersion)
      .returning("version")
      .executeTakeFirst();
    if (!saved) {
      const current = await trx
        .selectFrom("proposal_sections as s")
        .leftJoin("users as u", "u.id", "s.updated_by")
        .select(["s.content", "s.version", "s.updated_at", "u.name"])
        .where("s.proposal_id", "=", input.proposalId)
        .where("s.section", "=", input.section)
        .executeTakeFirstOrThrow();
      return {
        ok: false as const,
        error: "conflict" as const,
        current: {
          content: current.content,
          version: current.version,
          updatedBy: current.name,
          updatedAt: current.updated_at,
        },
      };
    }
    // The list columns follow the sections they summarise.
    if (input.section === "basics") {
      await trx
        .updateTable("proposals")
        .set({ title: (input.content as SectionContent["basics"]).title, updated_at: input.now })
        .where("id", "=", input.proposalId)
        .execute();
    } else if (input.section === "budget") {
      await trx
        .updateTable("proposals")
        .set({ requested_amount: (input.content as SectionContent["budget"]).requested, updated_at: input.now })
        .where("id", "=", input.proposalId)
        .execute();
    } else {
      await trx.updateTable("proposals").set({ updated_at: input.now }).where("id", "=", input.proposalId).execute();
    }
    return { ok: true as const };
  });
}

async function organizationRecipients(
  db: Kysely<Database>,
  organizationIds: string[],
  onlyRepresentatives = false,
): Promise<Recipient[]> {
  if (organizationIds.length === 0) return [];
  let query = db
    .selectFrom("organization_members as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name", "u.locale"])
    .where("m.organization_id", "in", organizationIds)
    .distinct();
  if (onlyRepresentatives) query = query.where("m.role", "=", "representative");
  return query.execute();
}

export type PartnerProblem = "forbidden" | "locked" | "already_partner" | "not_found" | "own_lead";

/** The lead's representatives invite an organisation; its representatives are told. */
export async function invitePartner(
  db: Kysely<Database>,
  input: { proposalId: string; organizationId: string; userId: string },
  ctx: MailContext,
): Promise<{ ok: true } | { ok: false; problem: PartnerProblem }> {
  return db.transaction().execute(async (trx) => {
    const proposal = await trx
      .selectFrom("proposals")
      .select(["id", "status", "lead_organization_id", "title", "theme_id"])
      .where("id", "=", input.proposalId)
      .forUpdate()
      .executeTakeFirst();
    if (!proposal) return { ok: false as const, problem: "not_found" as const };
    if ((await membershipOf(trx, proposal.lead_organization_id, input.userId)) !== "representative")
      return { ok: false as const, problem: "forbidden" as const };
    if (proposal.status !== "draft") return { ok: false as const, problem: "locked" as const };
    if (input.organizationId === proposal.lead_organization_id)
      return { ok: false as const, problem: "own_lead" as const };
    const organization = await trx
      .selectFrom("organizations")
      .select(["id", "name"])
      .where("id", "=", input.organizationId)
      .executeTakeFirst();
    if (!organization) return { ok: false as const, problem: "not_found" as const };
    const existing = await trx
      .selectFrom("proposal_partners")
      .select("status")
      .where("proposal_id", "=", proposal.id)
      .where("organization_id", "=", organization.id)
      .executeTakeFirst();
    if (existing && (existing.status === "invited" || existing.status === "accepted"))
      return { ok: false as const, problem: "already_partner" as const };
    if (existing) {
      await trx
        .updateTable("proposal_partners")
        .set({
          status: "invited",
          invited_by: input.userId,
          invited_at: ctx.now,
          responded_by: null,
          responded_at: null,
        })
        .where("proposal_id", "=", proposal.id)
        .where("organization_id", "=", organization.id)
        .execute();
    } else {
      await trx
        .insertInto("proposal_partners")
        .values({
          proposal_id: proposal.id,
          organization_id: organization.id,
          role: "partner",
          status: "invited",
          invited_by: input.userId,
          invited_at: ctx.now,
        })
        .execute();
    }
    const lead = await trx
      .selectFrom("organizations")
      .select("name")
      .where("id", "=", proposal.lead_organization_id)
      .executeTakeFirstOrThrow();
    const theme = await trx
      .selectFrom("themes")
      .select("title")
      .where("id", "=", proposal.theme_id)
      .executeTakeFirstOrThrow();
    await notify(
      trx,
      await organizationRecipients(trx, [organization.id], true),
      {
        message: "notice.proposalInvitation",
        mail: "proposalInvitation",
        params: { lead: lead.name, theme: theme.title, org: organization.name },
        link: `/proposals/${proposal.id}`,
      },
      ctx,
    );
    await recordAudit(trx, {
      actorId: input.userId,
      action: "proposal.partner_invited",
      entityType: "proposal",
      entityId: proposal.id,
      details: { organization: organization.id },
    });
    return { ok: true as const };
  });
}

/** A representative of the invited organisation accepts or declines; the lead organisation is told. */
export async function answerPartnerInvitation(
  db: Kysely<Database>,
  input: { proposalId: string; organizationId: string; userId: string; accept: boolean },
  ctx: MailContext,
): Promise<{ ok: true } | { ok: false; problem: "forbidden" | "not_invited" | "locked" }> {
  return db.transaction().execute(async (trx) => {
    if ((await membershipOf(trx, input.organizationId, input.userId)) !== "representative")
      return { ok: false as const, problem: "forbidden" as const };
    const proposal = await trx
      .selectFrom("proposals")
      .select(["id", "status", "lead_organization_id"])
      .where("id", "=", input.proposalId)
      .forUpdate()
      .executeTakeFirst();
    if (!proposal) return { ok: false as const, problem: "not_invited" as const };
    if (proposal.status !== "draft") return { ok: false as const, problem: "locked" as const };
    const answered = await trx
      .updateTable("proposal_partners")
      .set({ status: input.accept ? "accepted" : "declined", responded_by: input.userId, responded_at: ctx.now })
      .where("proposal_id", "=", proposal.id)
      .where("organization_id", "=", input.organizationId)
      .where("status", "=", "invited")
      .returning("organization_id")
      .executeTakeFirst();
    if (!answered) return { ok: false as const, problem: "not_invited" as const };
    const org = await trx
      .selectFrom("organizations")
      .select("name")
      .where("id", "=", input.organizationId)
      .executeTakeFirstOrThrow();
    await notify(
      trx,
      await organizationRecipients(trx, [proposal.lead_organization_id]),
      {
        message: input.accept ? "notice.proposalAccepted" : "notice.proposalDeclined",
        mail: input.accept ? "proposalAccepted" : "proposalDeclined",
        params: { org: org.name },
        link: `/proposals/${proposal.id}`,
      },
      ctx,
    );
    await recordAudit(trx, {
      actorId: input.userId,
      action: input.accept ? "proposal.partner_accepted" : "proposal.partner_declined",
      entityType: "proposal",
      entityId: proposal.id,
      details: { organization: input.organizationId },
    });
    return { ok: true as const };
  });
}

export async function removePartner(
  db: Kysely<Database>,
  input: { proposalId: string; organizationId: string; userId: string; now: Date },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const proposal = await trx
      .selectFrom("proposals")
      .select(["id", "status", "lead_organization_id"])
      .where("id", "=", input.proposalId)
      .forUpdate()
      .executeTakeFirst();
    if (proposal?.status !== "draft") return false;
    if ((await membershipOf(trx, proposal.lead_organization_id, input.userId)) !== "representative") return false;
    const removed = await trx
      .updateTable("proposal_partners")
      .set({ status: "removed", responded_by: input.userId, responded_at: input.now })
      .where("proposal_id", "=", proposal.id)
      .where("organization_id", "=", input.organizationId)
      .where("role", "=", "partner")
      .executeTakeFirst();
    if (Number(removed.numUpdatedRows) === 0) return false;
    await recordAudit(trx, {
      actorId: input.userId,
      action: "proposal.partner_removed",
      entityType: "proposal",
      entityId: proposal.id,
      details: { organization: input.organizationId },
    });
    return true;
  });
}

export type SubmitResult =
  | { ok: true; receiptNumber: string }
  | { ok: false; problems: Problem[] }
  | { ok: false; error: "forbidden" | "not_draft" };

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
    if (!locked) return { ok: false as const, error: "forbidden" as const };
    const access = await proposalAccess(trx, input.proposalId, { id: input.userId, isStaff: false });
    if (access.access !== "team") return { ok: false as const, error: "forbidden" as const };
    if (locked.status === "submitted" && locked.receipt_number)
      return { ok: true as const, receiptNumber: locked.receipt_number };
    if (locked.status !== "draft") return { ok: false as const, error: "not_draft" as const };
    const loaded = await loadProposal(trx, input.proposalId);
    if (!loaded) return { ok: false as const, error: "forbidden" as const };
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
    await recordAudit(trx, {
      actorId: input.userId,
      action: "proposal.submitted",
      entityType: "proposal",
      entityId: input.proposalId,
      details: { receipt },
    });
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
    await recordAudit(trx, {
      actorId: input.userId,
      action: "proposal.withdrawn",
      entityType: "proposal",
      entityId: proposal.id,
    });
    return { ok: true as const };
  });
}

export async function proposalsOfUser(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("proposal_partners as pp", "pp.proposal_id", "p.id")
    .innerJoin("organization_members as m", (join) =>
      join.onRef("m.organization_id", "=", "pp.organization_id").on("m.user_id", "=", userId),
    )
    .innerJoin("themes as t", "t.id", "p.theme_id")
    .innerJoin("organizations as lead", "lead.id", "p.lead_organization_id")
    .select([
      "p.id",
      "p.title",
      "p.status",
      "p.receipt_number",
      "p.updated_at",
      "pp.status as partner_status",
      "t.title as theme_title",
      "lead.name as lead_name",
    ])
    .where("pp.status", "in", ["accepted", "invited"])
    .distinctOn("p.id")
    .orderBy("p.id")
    .orderBy("pp.status")
    .limit(100)
    .execute();
}

export interface StaffProposalFilters {
  status?: ProposalStatus;
}

/** Staff list for a theme: one query for the rows (partners aggregated), one for the counts. */
export async function proposalsForTheme(db: Kysely<Database>, themeId: string, filters: StaffProposalFilters) {
  let rows = db
    .selectFrom("proposals as p")
    .innerJoin("organizations as lead", "lead.id", "p.lead_organization_id")
    .select([
      "p.id",
      "p.title",
      "p.status",
      "p.receipt_number",
      "p.requested_amount",
      "p.submitted_at",
      "lead.name as lead_name",
      proposalOrganizationNames("p.id").as("organizations"),
    ])
    .where("p.theme_id", "=", themeId)
    .orderBy("p.receipt_number")
    .orderBy("p.created_at");
  if (filters.status) rows = rows.where("p.status", "=", filters.status);
  const [list, counts] = await Promise.all([
    rows.limit(2000).execute(),
    db
      .selectFrom("proposals")
      .select(["status", (eb) => eb.fn.countAll<number>().as("count")])
      .where("theme_id", "=", themeId)
      .groupBy("status")
      .execute(),
  ]);
  return {
    list,
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.count)])) as Partial<
      Record<ProposalStatus, number>
    >,
  };
}
