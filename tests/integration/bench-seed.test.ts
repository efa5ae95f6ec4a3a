import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "~/models/account-credentials.server";
import { proposalAccess, saveSection } from "~/models/proposals.server";
import { fullRanking } from "~/models/ranking.server";
import { themePhase } from "~/models/theme-rules";
import type { Database } from "../../db/schema";
import {
  BENCH_PASSWORD,
  type BenchFixture,
  type BenchSizes,
  createBenchFixture,
  growBenchData,
  SMOKE_SIZES,
} from "../bench/seed";
import { createTestDatabase } from "../support/database";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let fixture: BenchFixture;

async function count(table: keyof Database & string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(handle.db);
  return result.rows[0].n;
}

async function totals(): Promise<BenchSizes> {
  return {
    themes: await count("themes"),
    organizations: await count("organizations"),
    listings: await count("partner_listings"),
    proposals: await count("proposals"),
    proposalsInBigTheme: Number(
      (
        await handle.db
          .selectFrom("proposals")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("theme_id", "=", fixture.bigThemeId)
          .executeTakeFirstOrThrow()
      ).n,
    ),
    reviews: await count("reviews"),
    projects: await count("projects"),
    milestones: await count("milestones"),
    auditRows: await count("audit_log"),
  };
}

/** The rules the domain code keeps, checked over the whole database. */
async function expectConsistentStates() {
  // Projects only for funded proposals of released themes, one each.
  const orphans = await sql<{ n: number }>`
    select count(*)::int as n from proposals p join themes t on t.id = p.theme_id
    left join projects j on j.proposal_id = p.id
    where (p.status = 'funded') <> (j.id is not null and t.status = 'results_released')`.execute(handle.db);
  expect(orphans.rows[0].n).toBe(0);
  // Every decided proposal of a released theme has its decision; nothing is left submitted there.
  const undecided = await sql<{ n: number }>`
    select count(*)::int as n from proposals p join themes t on t.id = p.theme_id
    left join decisions d on d.proposal_id = p.id
    where t.status = 'results_released' and (p.status in ('submitted', 'under_review')
      or (p.status in ('funded', 'not_funded') and d.decision is distinct from p.status))`.execute(handle.db);
  expect(undecided.rows[0].n).toBe(0);
  // Reviews only by a theme's panel, on submitted proposals, and a submitted review scores every criterion.
  const badReviews = await sql<{ n: number }>`
    select count(*)::int as n from reviews r join proposals p on p.id = r.proposal_id
    left join theme_reviewers tr on tr.theme_id = p.theme_id and tr.user_id = r.reviewer_id
    where tr.user_id is null or p.status not in ('submitted', 'under_review', 'funded', 'not_funded')
      or (r.status = 'submitted' and (r.recommendation is null or r.submitted_at is null or
        (select count(*) from theme_criteria c where c.theme_id = p.theme_id and r.scores ? c.id)
          <> (select count(*) from theme_criteria c where c.theme_id = p.theme_id)))`.execute(handle.db);
  expect(badReviews.rows[0].n).toBe(0);
  // Every proposal has its eight sections; every submitted one a receipt number.
  const sections = await sql<{ n: number }>`
    select count(*)::int as n from proposals p
    where (select count(*) from proposal_sections s where s.proposal_id = p.id) <> 8
      or ((p.status <> 'draft') <> (p.receipt_number is not null))`.execute(handle.db);
  expect(sections.rows[0].n).toBe(0);
  // A submitted proposal met its theme's rules: a verified lead, enough organisations, the kinds required.
  const unfit = await sql<{ n: number }>`
    select count(*)::int as n from proposals p join themes t on t.id = p.theme_id
    join organizations lead on lead.id = p.lead_organization_id
    where p.status <> 'draft' and (lead.verification_status <> 'verified'
      or (select count(*) from proposal_partners pp where pp.proposal_id = p.id and pp.status = 'accepted')
        < t.min_organizations
      or exists (select 1 from unnest(t.required_kinds) k where not exists (
        select 1 from proposal_partners pp join organizations o on o.id = pp.organization_id
        where pp.proposal_id = p.id and pp.status = 'accepted' and o.kind = k)))`.execute(handle.db);
  expect(unfit.rows[0].n).toBe(0);
  // Milestones and their reports agree; a project with a final report has every milestone approved.
  const milestones = await sql<{ n: number }>`
    select count(*)::int as n from milestones m join projects j on j.id = m.project_id
    where (m.status = 'approved') <> (m.approved_at is not null)
      or (m.status <> 'planned' and not exists (
        select 1 from milestone_reports r where r.milestone_id = m.id and r.status = m.status))
      or (j.final_status <> 'none' and m.status <> 'approved')`.execute(handle.db);
  expect(milestones.rows[0].n).toBe(0);
  const milestoneStates = await sql<{ status: string }>`select distinct status from milestones`.execute(handle.db);
  expect(milestoneStates.rows.map((m) => m.status).sort()).toEqual(["approved", "planned", "returned", "submitted"]);
  const excerpts = await sql<{ n: number }>`
    select count(*)::int as n from milestone_reports where status = 'approved' and public_excerpt <> ''`.execute(
    handle.db,
  );
  expect(excerpts.rows[0].n).toBeGreaterThan(0);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  fixture = await createBenchFixture(handle.db);
  await growBenchData(handle.db, fixture, SMOKE_SIZES);
}, 60_000);

afterAll(async () => {
  await handle?.cleanup();
});

describe("the benchmark seed", () => {
  it("brings every table up to the totals, and adds nothing when asked again", async () => {
    const first = await totals();
    expect({ ...first, auditRows: 0 }).toEqual({ ...SMOKE_SIZES, auditRows: 0 });
    expect(first.auditRows).toBeGreaterThanOrEqual(SMOKE_SIZES.auditRows);
    const users = await count("users");
    await growBenchData(handle.db, fixture, SMOKE_SIZES);
    expect(await totals()).toEqual(first);
    expect(await count("users")).toBe(users);
  });

  it("gives the fixture accounts the benchmark's password and roles", async () => {
    for (const [email, role] of [
      [fixture.staffEmail, "staff"],
      [fixture.reviewerEmail, "reviewer"],
      [fixture.memberEmail, "member"],
    ] as const) {
      const result = await authenticate(handle.db, {
        email,
        password: BENCH_PASSWORD,
        clientAddress: null,
        now: new Date(),
      });
      expect(result.ok && result.user.role).toBe(role);
      expect(result.ok && result.user.email_verified_at).toBeTruthy();
    }
  });

  it("keeps the states consistent with the themes' phases", async () => {
    const now = new Date();
    const themes = await handle.db.selectFrom("themes").selectAll().execute();
    const phases = new Set(themes.map((t) => themePhase(t, now)));
    for (const phase of ["draft", "upcoming", "open", "closed", "results_released", "archived"] as const)
      expect(phases).toContain(phase);
    const big = themes.find((t) => t.id === fixture.bigThemeId)!;
    const open = themes.find((t) => t.id === fixture.openThemeId)!;
    expect(themePhase(big, now)).toBe("closed");
    expect(themePhase(open, now)).toBe("open");

    await expectConsistentStates();
  });

  it("dates nothing in the future", async () => {
    const columns: [keyof Database & string, string][] = [
      ["users", "created_at"],
      ["organizations", "verified_at"],
      ["partner_listings", "closed_at"],
      ["themes", "published_at"],
      ["themes", "results_released_at"],
      ["proposals", "created_at"],
      ["proposals", "submitted_at"],
      ["proposals", "withdrawn_at"],
      ["proposal_partners", "responded_at"],
      ["proposal_sections", "updated_at"],
      ["reviews", "updated_at"],
      ["decisions", "decided_at"],
      ["projects", "created_at"],
      ["milestones", "approved_at"],
      ["milestone_reports", "submitted_at"],
      ["milestone_reports", "decided_at"],
      ["milestone_reminders", "sent_at"],
      ["project_continuations", "decided_at"],
      ["audit_log", "created_at"],
    ];
    for (const [table, column] of columns) {
      const result = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} > now()`.execute(handle.db);
      expect(`${table}.${column}: ${result.rows[0].n}`).toBe(`${table}.${column}: 0`);
    }
  });

  it("ranks the big theme's proposals with numbers, the fixture reviewer among the reviewers", async () => {
    const board = await fullRanking(handle.db, fixture.bigThemeId);
    expect(board?.ranking).toHaveLength(SMOKE_SIZES.proposalsInBigTheme);
    const scored = board!.ranking.filter((p) => p.standing.mean !== null).length;
    expect(scored).toBeGreaterThan(SMOKE_SIZES.proposalsInBigTheme * 0.8);
    const reviewer = await handle.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", fixture.reviewerEmail)
      .executeTakeFirstOrThrow();
    expect(board!.reviewers.map((r) => r.id)).toContain(reviewer.id);
    const mine = await handle.db
      .selectFrom("reviews")
      .select(["status"])
      .where("reviewer_id", "=", reviewer.id)
      .execute();
    expect(mine.some((r) => r.status === "submitted")).toBe(true);
    expect(mine.some((r) => r.status === "draft")).toBe(true);
  });

  it("lets the member edit every draft, starting from version 1", async () => {
    expect(fixture.draftProposalIds.length).toBeGreaterThanOrEqual(24);
    const member = await handle.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", fixture.memberEmail)
      .executeTakeFirstOrThrow();
    for (const id of fixture.draftProposalIds) {
      const access = await proposalAccess(handle.db, id, { id: member.id, isStaff: false });
      expect(access.access).toBe("team");
      const sections = await handle.db
        .selectFrom("proposal_sections")
        .select(["version"])
        .where("proposal_id", "=", id)
        .execute();
      expect(sections.map((s) => s.version)).toEqual(Array(8).fill(1));
    }
    const saved = await saveSection(handle.db, {
      proposalId: fixture.draftProposalIds[0],
      section: "problem",
      content: { text: "見守りの担い手が足りません（書き直し）。" },
      expectedVersion: 1,
      userId: member.id,
      now: new Date(),
    });
    expect(saved).toEqual({ ok: true, saved: true });
  });

  it("grows the same database to larger totals", async () => {
    const larger: BenchSizes = {
      themes: 12,
      organizations: 60,
      listings: 25,
      proposals: 100,
      proposalsInBigTheme: 20,
      reviews: 220,
      projects: 10,
      milestones: 40,
      auditRows: 400,
    };
    await growBenchData(handle.db, fixture, larger);
    const grown = await totals();
    expect({ ...grown, auditRows: 0 }).toEqual({ ...larger, auditRows: 0 });
    expect(grown.auditRows).toBeGreaterThanOrEqual(larger.auditRows);
    const board = await fullRanking(handle.db, fixture.bigThemeId);
    expect(board?.ranking).toHaveLength(larger.proposalsInBigTheme);
    await expectConsistentStates();
  });

  it("finds the search word in organisations and lists organisations of the kind", async () => {
    const search = await sql<{ n: number }>`
      select count(*)::int as n from organizations where search_text like ${`%${fixture.searchWord}%`}`.execute(
      handle.db,
    );
    expect(search.rows[0].n).toBeGreaterThan(0);
    const kind = await sql<{ n: number }>`
      select count(*)::int as n from organizations where kind = ${fixture.organizationKind}`.execute(handle.db);
    expect(kind.rows[0].n).toBeGreaterThan(0);
  });
});
