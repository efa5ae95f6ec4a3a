/**
 * A proposal itself: starting a draft, reading it (one, or many for a printed bundle), who may see
 * it, and saving its sections. Its partner organisations are in proposal-partners.server.ts, its
 * submission and withdrawal in proposal-submission.server.ts, the lists of proposals in
 * proposal-lists.server.ts.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database, MemberRole } from "../../db/schema";
import { recordAudit } from "./audit.server";
import { proposalsWithTheme } from "./joins.server";
import type { MailContext } from "./mail-context";
import { membershipOf } from "./organizations.server";
import { withdrawApprovals } from "./proposal-approvals.server";
import type { ProposalAccess } from "./proposal-policy";
import {
  EMPTY_SECTIONS,
  type GrantRules,
  type PartnerState,
  SECTIONS,
  type SectionContent,
  type SectionKey,
  type TeamMember,
  textVersionOf,
} from "./proposal-rules";
import { themePhase } from "./theme-rules";

export type StartProblem = "not_member" | "theme_closed" | "not_found";

/**
 * A member starts a draft for one of their organisations, which becomes the lead (代表団体). An
 * organisation still waiting for the ward's verification may draft and invite its partners: only
 * submission needs the verification (proposal-rules: leadUnverified).
 */
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
    await recordAudit(trx, input.userId, "proposal.created", ["proposal", id]);
    return { ok: true as const, id };
  });
}

/** A proposal's organisations with their names and kinds, the lead first, then in the order invited. */
function partnersInOrder(db: Kysely<Database>) {
  return db
    .selectFrom("proposal_partners as pp")
    .innerJoin("organizations as o", "o.id", "pp.organization_id")
    .select(["pp.organization_id", "pp.status", "pp.role", "o.name", "o.kind"])
    .orderBy("pp.role")
    .orderBy("pp.invited_at");
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
  const proposal = await proposalsWithTheme(db)
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
      "t.fields as theme_fields",
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
    partnersInOrder(db).select(["pp.approved_text", "pp.approved_at"]).where("pp.proposal_id", "=", id).execute(),
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
  const text = textVersionOf(versions);
  const partnerStates: TeamMember[] = partners.map((p) => ({
    organizationId: p.organization_id,
    name: p.name,
    kind: p.kind,
    status: p.status,
    role: p.role,
    // An approval holds for the text it was given for: any section saved since leaves it behind.
    approvedAt: p.approved_text === text ? p.approved_at : null,
  }));
  return { proposal, content, versions, text, partners: partnerStates, rules };
}

export type LoadedProposal = NonNullable<Awaited<ReturnType<typeof loadProposal>>>;

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
    partnersInOrder(db).select("pp.proposal_id").where("pp.proposal_id", "in", ids).execute(),
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

/**
 * Who may see a proposal: members of accepted partner organisations (the team) and staff always;
 * representatives of an invited organisation see only the invitation; nobody else learns it exists.
 * (Assigned reviewers come with the review feature.)
 */
export async function proposalAccess(db: Kysely<Database>, proposalId: string, user: { id: string; isStaff: boolean }) {
  const rows = await db
    .selectFrom("proposal_partners as pp")
    .innerJoin("organization_members as m", (join) =>
      join.onRef("m.organization_id", "=", "pp.organization_id").on("m.user_id", "=", user.id),
    )
    .select(["pp.organization_id", "pp.role", "pp.status", sql<MemberRole | "helper">`m.role`.as("member_role")])
    .where("pp.proposal_id", "=", proposalId)
    // A helper (代理入力) of an accepted organisation: a row of its own kind, in the same query.
    .unionAll(
      db
        .selectFrom("proposal_partners as pp")
        .innerJoin("organization_helpers as h", (join) =>
          join.onRef("h.organization_id", "=", "pp.organization_id").on("h.user_id", "=", user.id),
        )
        .select(["pp.organization_id", "pp.role", "pp.status", sql<MemberRole | "helper">`'helper'`.as("member_role")])
        .where("pp.proposal_id", "=", proposalId)
        .where("pp.status", "=", "accepted"),
    )
    .execute();
  const team = rows.filter((r) => r.status === "accepted" && r.member_role !== "helper");
  const helping = rows.filter((r) => r.member_role === "helper");
  const invitedAsRepresentative = rows.filter((r) => r.status === "invited" && r.member_role === "representative");
  const access: ProposalAccess | null = team.length
    ? "team"
    : helping.length
      ? "helper"
      : user.isStaff
        ? "staff"
        : invitedAsRepresentative.length
          ? "invited"
          : null;
  return {
    access,
    isLeadRepresentative: team.some((r) => r.role === "lead" && r.member_role === "representative"),
    invitedOrganizationIds: invitedAsRepresentative.map((r) => r.organization_id),
    myOrganizationIds: team.map((r) => r.organization_id),
    /** The partner organisations (not the lead) this person may approve the text for. */
    approvesFor: team
      .filter((r) => r.role === "partner" && r.member_role === "representative")
      .map((r) => r.organization_id),
  };
}

export type SaveResult =
  | { ok: true; saved: boolean }
  | { ok: false; problem: "locked" }
  | {
      ok: false;
      problem: "conflict";
      current: { content: unknown; version: number; updatedBy: string | null; updatedAt: Date };
    };

/** The same JSON value, whatever order its keys are in (jsonb keeps its own order). */
function sameContent(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value as Record<string, unknown>)
              .filter(([, v]) => v !== undefined)
              .sort(([x], [y]) => (x < y ? -1 : 1))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Saves one section if nobody saved it since the editor opened it (`expectedVersion`). Otherwise
 * nothing is written and the caller gets what is saved now, to show beside what was typed.
 * Saved unchanged (「保存して次の項目へ」 through a finished text), nothing is written: the text
 * keeps its version and the partners' approvals of it. A change withdraws them
 * (withdrawApprovals), telling the team when there were any (with `mail`).
 */
export async function saveSection<K extends SectionKey>(
  db: Kysely<Database>,
  input: {
    proposalId: string;
    section: K;
    content: SectionContent[K];
    expectedVersion: number;
    userId: string;
    /** Typed by a helper the organisation named (代理入力): the history says so. */
    asHelper?: boolean;
    now: Date;
    mail?: MailContext;
  },
): Promise<SaveResult> {
  return db.transaction().execute(async (trx) => {
    const proposal = await trx
      .selectFrom("proposals")
      .select((eb) => [
        "status",
        eb
          .exists(
            eb
              .selectFrom("proposal_partners")
              .select("organization_id")
              .where("proposal_id", "=", input.proposalId)
              .where("approved_text", "is not", null),
          )
          .as("approved"),
      ])
      .where("id", "=", input.proposalId)
      .forUpdate()
      .executeTakeFirst();
    if (proposal?.status !== "draft") return { ok: false as const, problem: "locked" as const };
    const stored = await trx
      .selectFrom("proposal_sections")
      .select(["content", "version"])
      .where("proposal_id", "=", input.proposalId)
      .where("section", "=", input.section)
      .executeTakeFirst();
    if (stored?.version === input.expectedVersion && sameContent(stored.content, input.content))
      return { ok: true as const, saved: false };
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
        problem: "conflict" as const,
        current: {
          content: current.content,
          version: current.version,
          updatedBy: current.name,
          updatedAt: current.updated_at,
        },
      };
    }
    // The history keeps every saved version with who typed it.
    await trx
      .insertInto("proposal_section_versions")
      .values({
        proposal_id: input.proposalId,
        section: input.section,
        version: saved.version,
        content: JSON.stringify(input.content),
        saved_by: input.userId,
        as_helper: input.asHelper ?? false,
        saved_at: input.now,
      })
      .execute();
    if (proposal.approved)
      await withdrawApprovals(trx, { proposalId: input.proposalId, userId: input.userId }, input.mail);
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
    return { ok: true as const, saved: true };
  });
}
