import { PDFDocument, PDFString } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeFile } from "~/models/files.server";
import { fullRanking } from "~/models/ranking.server";
import { invitePresentations, setAdvanced } from "~/models/review-decisions.server";
import { reviewerQueue } from "~/models/reviewer-queue.server";
import { getReview, reviewAccess, saveReview, themeCriteria } from "~/models/reviews.server";
import * as reviewPage from "~/routes/reviews.$proposalId";
import * as reviewFile from "~/routes/reviews.$proposalId.files.$n";
import * as reviewPrint from "~/routes/reviews.print";
import * as staffReview from "~/routes/staff.themes.$id.review";
import * as proposalReviewsPage from "~/routes/staff.themes.$id.reviews.$proposalId";
import { installServices } from "~/services.server";
import type { User } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import {
  assignedReviewers,
  CLOSED,
  DURING,
  draftTheme,
  finishedSections,
  installTestServices,
  leadAndUnverifiedPartner,
  NOW,
  OPENED,
  publishDraftTheme,
  signedInUsers,
  submittedProposal,
} from "../support/fixtures";
import { callAction, callLoader, outcome as statusOf } from "../support/routes";

let handle: Awaited<ReturnType<typeof createTestDatabase>>;
let user: Record<string, User>;
let cookie: Record<string, string>;
let themeId = "";
const proposals: string[] = [];
const applicantOrgIds: string[] = [];

/** Written by the two organisations and submitted while the call was open. */
const submit = (lead: User, leadOrg: string, partner: User, partnerOrg: string, title: string) =>
  submittedProposal(handle.db, {
    themeId,
    lead: { organizationId: leadOrg, user: lead },
    partners: [{ organizationId: partnerOrg, user: partner }],
    at: DURING,
    sections: finishedSections([leadOrg, partnerOrg], {
      requested: 100_000,
      basics: {
        title,
        summary: "概要",
        contactName: "連絡 太郎",
        contactEmail: "contact@example.jp",
        contactPhone: "",
      },
    }),
  });

/** A two-stage theme with names hidden, its call closed ten days ago. */
function createTwoStageTheme(title: string, now: Date) {
  return draftTheme(handle.db, {
    staffId: user.staff.id,
    title,
    now,
    criteria: [{ name: "協働", description: "", weight: 1, maxScore: 10 }],
    values: {
      courseId: "future_creation",
      grantCapPerYear: 1_000_000,
      grantCapTotal: 3_000_000,
      durationYears: 3,
      awardsPlanned: 1,
      minOrganizations: 1,
      opensAt: OPENED,
      closesAt: CLOSED,
      reviewStages: 2,
      hideNames: true,
    },
  });
}

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  ({ user, cookie } = await signedInUsers(handle.db, {
    lead: "member",
    partner: "member",
    outside: "reviewer",
    staff: "staff",
  }));
  const [leadOrg, partnerOrg] = await leadAndUnverifiedPartner(handle.db, {
    lead: user.lead,
    partner: user.partner,
    staff: user.staff,
    names: ["練馬見守り町会", "NPO法人 ひかり"],
    now: DURING,
  });
  applicantOrgIds.push(leadOrg, partnerOrg);
  themeId = await createTwoStageTheme("二段階のテーマ", OPENED);
  await publishDraftTheme(handle.db, themeId, user.staff.id, DURING);
  proposals.push(await submit(user.lead, leadOrg, user.partner, partnerOrg, "一つ目"));
  proposals.push(await submit(user.lead, leadOrg, user.partner, partnerOrg, "二つ目"));
  await assignedReviewers(handle.db, {
    themeId,
    staffId: user.staff.id,
    reviewers: [user.outside, user.staff],
    now: NOW,
  });
}, 60_000);

afterAll(async () => {
  installServices(null);
  await handle.cleanup();
});

describe("a two-stage review", () => {
  it("opens the presentation round only for proposals staff advanced", async () => {
    expect(await reviewAccess(handle.db, user.outside.id, proposals[0], 2)).toBeNull();
    expect(
      await setAdvanced(handle.db, { proposalId: proposals[0], themeId, advanced: true, staffId: user.staff.id }),
    ).toBe(true);
    expect(await reviewAccess(handle.db, user.outside.id, proposals[0], 2)).not.toBeNull();
    expect(await reviewAccess(handle.db, user.outside.id, proposals[1], 2)).toBeNull();
    const [theme] = await reviewerQueue(handle.db, {
      reviewerId: user.outside.id,
      pagedThemeId: null,
      page: 1,
      pageSize: 50,
      now: new Date(),
    });
    expect(theme.proposals.map((p) => [p.title, p.stage])).toEqual([
      ["一つ目", 1],
      ["一つ目", 2],
      ["二つ目", 1],
    ]);
  });

  it("keeps each round's scores apart, and ranks the second round on its own", async () => {
    const criteria = await themeCriteria(handle.db, themeId);
    const score = (n: number) => ({
      scores: { [criteria[0].id]: n },
      comments: {},
      overallComment: "",
      recommendation: "fund" as const,
    });
    await saveReview(handle.db, {
      proposalId: proposals[0],
      reviewerId: user.outside.id,
      review: score(4),
      submit: true,
      criteria,
      now: NOW,
      stage: 1,
    });
    await saveReview(handle.db, {
      proposalId: proposals[0],
      reviewerId: user.outside.id,
      review: score(9),
      submit: true,
      criteria,
      now: NOW,
      stage: 2,
    });
    const first = await fullRanking(handle.db, themeId, 1);
    const second = await fullRanking(handle.db, themeId, 2);
    expect(first?.ranking.find((p) => p.id === proposals[0])?.standing.mean).toBeCloseTo(40, 10);
    expect(second?.ranking.map((p) => p.id)).toEqual([proposals[0]]);
    expect(second?.ranking[0].standing.mean).toBeCloseTo(90, 10);
    expect(second?.reviewers.find((r) => r.id === user.outside.id)).toMatchObject({ done: 1, due: 1 });
  });

  it("refuses to advance a proposal of a one-stage theme or of another theme", async () => {
    expect(
      await setAdvanced(handle.db, {
        proposalId: proposals[1],
        themeId: "00000000-0000-4000-8000-000000000000",
        advanced: true,
        staffId: user.staff.id,
      }),
    ).toBe(false);
  });
});

describe("advancing through the staff review page", () => {
  const advance = (theme: string, proposalId: string, advanced: "0" | "1") =>
    callAction(
      staffReview.action,
      `/staff/themes/${theme}/review`,
      cookie.staff,
      { intent: "advance", proposalId, advanced },
      { id: theme },
    );
  const advanced = async (proposalId: string) =>
    (await handle.db.selectFrom("proposals").select("advanced").where("id", "=", proposalId).executeTakeFirstOrThrow())
      .advanced;

  it("answers 404 for a proposal of another two-stage theme and leaves it as it was", async () => {
    const otherTheme = await createTwoStageTheme("もう一つの二段階のテーマ", NOW);
    // proposals[1] is of themeId, not advanced; the URL names the other theme.
    expect(await advanced(proposals[1])).toBe(false);
    expect((await advance(otherTheme, proposals[1], "1")).status).toBe(404);
    expect(await advanced(proposals[1])).toBe(false);
    expect(await advanced(proposals[0])).toBe(true);
    expect((await advance(otherTheme, proposals[0], "0")).status).toBe(404);
    expect(await advanced(proposals[0])).toBe(true);
  });

  it("saves the choice for a proposal of the theme in the URL", async () => {
    expect((await advance(themeId, proposals[1], "1")).status).toBe(302);
    expect(await advanced(proposals[1])).toBe(true);
    expect((await advance(themeId, proposals[1], "0")).status).toBe(302);
    expect(await advanced(proposals[1])).toBe(false);
  });
});

describe("the presentation round's invitation", () => {
  it("tells the members of advanced proposals when and where, once per arrangement, and nobody else", async () => {
    const mailsTo = async (email: string) =>
      (
        await handle.db
          .selectFrom("mail_outbox")
          .select(["subject", "text"])
          .where("to_address", "=", email)
          .where("subject", "like", "%プレゼン審査のご案内%")
          .execute()
      ).map((m) => m.text);
    const at = new Date("2027-02-10T05:00:00Z"); // 14:00 in Tokyo
    const send = (place: string) =>
      invitePresentations(
        handle.db,
        { themeId, at, place, staffId: user.staff.id },
        { publicUrl: "http://lab.test", locale: "ja", now: new Date() },
      );
    // proposals[0] was advanced above, proposals[1] was not.
    expect(await send("区役所 19階 会議室")).toEqual({ ok: true, proposals: 1 });
    const lead = await mailsTo(user.lead.email);
    expect(lead).toHaveLength(1);
    expect(lead[0]).toContain("14:00");
    expect(lead[0]).toContain("区役所 19階 会議室");
    expect(await send("区役所 19階 会議室")).toEqual({ ok: true, proposals: 0 });
    expect(await send("区民センター 2階")).toEqual({ ok: true, proposals: 1 });
    expect(await mailsTo(user.lead.email)).toHaveLength(2);
    // Not on a theme with one round.
    const oneRound = await handle.db
      .selectFrom("themes")
      .select("id")
      .where("review_stages", "=", 1)
      .executeTakeFirst();
    if (oneRound) {
      expect(
        await invitePresentations(
          handle.db,
          { themeId: oneRound.id, at, place: "x", staffId: user.staff.id },
          { publicUrl: "http://lab.test", locale: "ja", now: new Date() },
        ),
      ).toEqual({ ok: false, problem: "not_two_stage" });
    }
  });
});

describe("reopening a submitted review", () => {
  it("lets staff reopen one round's review, and refuses a reviewer", async () => {
    const form = { intent: "reopen", reviewerId: user.outside.id };
    const path = `/staff/themes/${themeId}/reviews/${proposals[0]}?stage=2`;
    const params = { id: themeId, proposalId: proposals[0] };
    expect((await callAction(proposalReviewsPage.action, path, cookie.outside, form, params)).status).toBe(403);
    expect((await callAction(proposalReviewsPage.action, path, cookie.staff, form, params)).status).toBe(302);
    expect((await getReview(handle.db, proposals[0], user.outside.id, 2))?.status).toBe("draft");
    expect((await getReview(handle.db, proposals[0], user.outside.id, 1))?.status).toBe("submitted");
  });
});

describe("names hidden from outside reviewers", () => {
  it("shows an outside reviewer letters instead of organisations, and no contact person", async () => {
    const outcome = (await reviewPage.loader({
      request: new Request(`http://localhost/reviews/${proposals[0]}`, { headers: { Cookie: cookie.outside } }),
      params: { proposalId: proposals[0] },
      context: { clientAddress: null },
    })) as { anonymous: boolean; proposal: { partners: { name: string; key: string }[]; contact: unknown } };
    expect(outcome.anonymous).toBe(true);
    expect(outcome.proposal.partners.map((p) => p.name)).toEqual(["団体A", "団体B"]);
    expect(outcome.proposal.contact).toBeNull();
    // Everything that could be joined with something public or name a person: the organisations'
    // ids, names and contacts, their members' ids, names and e-mails, the proposal's contact.
    const members = await handle.db
      .selectFrom("organization_members as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["u.id", "u.name", "u.email"])
      .where("m.organization_id", "in", applicantOrgIds)
      .execute();
    const organizations = await handle.db
      .selectFrom("organizations")
      .select(["id", "name", "name_kana", "contact_email"])
      .where("id", "in", applicantOrgIds)
      .execute();
    const identifying = [
      ...organizations.flatMap((o) => [o.id, o.name, o.name_kana, o.contact_email]),
      ...members.flatMap((m) => [m.id, m.email]),
      "連絡 太郎",
      "contact@example.jp",
    ];
    expect(identifying.length).toBeGreaterThan(8);
    const sent = JSON.stringify(outcome);
    for (const value of identifying) expect(sent, value).not.toContain(value);
  });

  it("serves attachments by their place, cleaned of metadata, under a neutral name, to assigned reviewers only", async () => {
    const pdf = await PDFDocument.create({ updateMetadata: false });
    pdf.addPage([200, 200]);
    pdf.context.trailerInfo.Info = pdf.context.register(
      pdf.context.obj({ Author: PDFString.of("mimamori-kaicho@example.jp") }),
    );
    const original = await pdf.save({ useObjectStreams: false });
    // Stored as files were before uploads were cleaned: the author is in the bytes.
    expect(Buffer.from(original).toString("latin1")).toContain("mimamori-kaicho");
    const fileId = await storeFile(handle.db, {
      ownerType: "proposal",
      ownerId: proposals[0],
      label: "練馬見守り町会の会則",
      filename: "練馬見守り町会_会則.pdf",
      bytes: original,
      contentType: "application/pdf",
      uploadedBy: user.lead.id,
    });
    const page = (await reviewPage.loader({
      request: new Request(`http://localhost/reviews/${proposals[0]}`, { headers: { Cookie: cookie.outside } }),
      params: { proposalId: proposals[0] },
      context: { clientAddress: null },
    })) as { attachments: { href: string; label: string }[] };
    expect(JSON.stringify(page)).not.toContain(fileId);
    expect(page.attachments).toEqual([{ href: `/reviews/${proposals[0]}/files/1`, label: "添付資料1" }]);
    const download = (who: string | null, n = "1") =>
      statusOf(() =>
        reviewFile.loader({
          request: new Request(`http://localhost/reviews/${proposals[0]}/files/${n}`, {
            headers: who ? { Cookie: cookie[who] } : {},
          }),
          params: { proposalId: proposals[0], n },
          context: { clientAddress: null },
        }),
      );
    expect((await download(null)).status).toBe(302);
    expect((await download("lead")).status).toBe(404);
    expect((await download("outside", "2")).status).toBe(404);
    const response = (await reviewFile.loader({
      request: new Request(`http://localhost/reviews/${proposals[0]}/files/1`, { headers: { Cookie: cookie.outside } }),
      params: { proposalId: proposals[0], n: "1" },
      context: { clientAddress: null },
    })) as Response;
    expect(response.headers.get("Content-Disposition")).toContain('filename="attachment-1.pdf"');
    const body = Buffer.from(await response.arrayBuffer()).toString("latin1");
    expect(body.startsWith("%PDF-")).toBe(true);
    expect(body).not.toContain("mimamori-kaicho");
    await handle.db.deleteFrom("files").where("id", "=", fileId).execute();
  });

  it("prints every proposal the reviewer may review on one page, names hidden, for assigned reviewers only", async () => {
    const path = `/reviews/print?theme=${themeId}`;
    expect((await callLoader(reviewPrint.loader, path, null)).status).toBe(302);
    expect((await callLoader(reviewPrint.loader, path, cookie.lead)).status).toBe(404);
    expect((await callLoader(reviewPrint.loader, "/reviews/print?theme=not-a-uuid", cookie.outside)).status).toBe(404);
    const bundle = (await reviewPrint.loader({
      request: new Request(`http://localhost${path}`, { headers: { Cookie: cookie.outside } }),
      params: {},
      context: { clientAddress: null },
    })) as { anonymous: boolean; proposals: { id: string; proposal: { partners: { name: string }[] } | null }[] };
    expect(bundle.anonymous).toBe(true);
    expect(bundle.proposals.map((p) => p.id).sort()).toEqual([...proposals].sort());
    expect(bundle.proposals[0].proposal?.partners.map((p) => p.name)).toEqual(["団体A", "団体B"]);
    const sent = JSON.stringify(bundle);
    for (const value of ["練馬見守り町会", "NPO法人 ひかり", ...applicantOrgIds, "連絡 太郎"]) {
      expect(sent, value).not.toContain(value);
    }
  });

  it("hides names from anyone who is not staff, and refuses a reviewer demoted to member at once", async () => {
    await handle.db.updateTable("users").set({ role: "member" }).where("id", "=", user.outside.id).execute();
    try {
      const answer = await callLoader(reviewPage.loader, `/reviews/${proposals[0]}`, cookie.outside, {
        proposalId: proposals[0],
      });
      expect(answer.status).toBe(404);
    } finally {
      await handle.db.updateTable("users").set({ role: "reviewer" }).where("id", "=", user.outside.id).execute();
    }
  });

  it("shows ward staff who review the real names", async () => {
    const outcome = (await reviewPage.loader({
      request: new Request(`http://localhost/reviews/${proposals[0]}`, { headers: { Cookie: cookie.staff } }),
      params: { proposalId: proposals[0] },
      context: { clientAddress: null },
    })) as { anonymous: boolean; proposal: { partners: { name: string }[] } };
    expect(outcome.anonymous).toBe(false);
    expect(outcome.proposal.partners.map((p) => p.name)).toContain("練馬見守り町会");
    expect(
      (
        await callLoader(reviewPage.loader, `/reviews/${proposals[1]}?stage=2`, cookie.outside, {
          proposalId: proposals[1],
        })
      ).status,
    ).toBe(404);
  });
});
