import type { Kysely } from "kysely";
import type { MailContext } from "../app/models/accounts.server";
import { acceptInvitation, inviteMember, pendingInvitationsFor } from "../app/models/organizations.server";
import type { SectionContent } from "../app/models/proposal-rules";
import {
  answerPartnerInvitation,
  invitePartner,
  saveSection,
  startProposal,
  submitProposal,
} from "../app/models/proposals.server";
import {
  assignReviewer,
  recordDecision,
  releaseResults,
  saveReview,
  themeCriteria,
} from "../app/models/reviews.server";
import { createTheme, publishTheme } from "../app/models/themes.server";
import type { Database } from "./schema";

const DAY = 24 * 3600_000;

const userId = async (db: Kysely<Database>, email: string) =>
  (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
const organizationId = async (db: Kysely<Database>, name: string) =>
  (await db.selectFrom("organizations").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
const themeIdByTitle = async (db: Kysely<Database>, title: string) =>
  (await db.selectFrom("themes").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;

async function submitted(
  db: Kysely<Database>,
  input: {
    themeId: string;
    leadEmail: string;
    leadOrg: string;
    partnerEmail: string;
    partnerOrg: string;
    title: string;
    requested: number;
  },
  ctx: MailContext,
) {
  const lead = {
    user: await userId(db, input.leadEmail),
    org: await organizationId(db, input.leadOrg),
  };
  const partner = {
    user: await userId(db, input.partnerEmail),
    org: await organizationId(db, input.partnerOrg),
  };
  const started = await startProposal(db, {
    themeId: input.themeId,
    leadOrganizationId: lead.org,
    userId: lead.user,
    now: ctx.now,
  });
  if (!started.ok) throw new Error(`seed: ${started.problem}`);
  await invitePartner(db, { proposalId: started.id, organizationId: partner.org, userId: lead.user }, ctx);
  await answerPartnerInvitation(
    db,
    { proposalId: started.id, organizationId: partner.org, userId: partner.user, accept: true },
    ctx,
  );
  const content: SectionContent = {
    basics: {
      title: input.title,
      summary: `${input.title}の取り組みです。`,
      contactName: "連絡 担当",
      contactEmail: input.leadEmail,
      contactPhone: "",
    },
    problem: { text: "見守りの担い手が不足しています。" },
    activities: { text: "月1回の見守り訪問と、年2回の交流会を開きます。" },
    roles: { roles: { [lead.org]: "訪問先の調整と見守り訪問", [partner.org]: "交流会の運営と記録" } },
    outcomes: { text: "見守りを受ける世帯が増えます。", indicators: [{ name: "見守り世帯数", target: "40世帯" }] },
    schedule: {
      milestones: [
        { title: "見守り訪問の開始", date: "2026-12-01", deliverable: "訪問記録" },
        { title: "交流会の開催", date: "2027-02-15", deliverable: "参加者数と写真" },
      ],
    },
    budget: {
      lines: [{ item: "交流会の会場費", category: "rental", amount: input.requested, note: "" }],
      ownFunds: 0,
      requested: input.requested,
    },
    declaration: { accepted: true },
  };
  for (const [section, value] of Object.entries(content) as [
    keyof SectionContent,
    SectionContent[keyof SectionContent],
  ][]) {
    await saveSection(db, {
      proposalId: started.id,
      section,
      content: value,
      expectedVersion: 1,
      userId: lead.user,
      now: ctx.now,
    });
  }
  const result = await submitProposal(db, { proposalId: started.id, userId: lead.user }, ctx);
  if (!result.ok) throw new Error("seed: submission refused");
  return started.id;
}

/**
 * A theme mid-review (the closed 多文化共生 theme: a reviewer assigned, one draft review) and a
 * theme whose results were released (two reviewers, decisions, one funded and one not).
 */
export async function seedReviews(db: Kysely<Database>, publicUrl: string) {
  const now = new Date();
  const ctx = (at: Date): MailContext => ({ publicUrl, locale: "ja", now: at });
  const staff = await userId(db, "staff@example.jp");
  const reviewer = await userId(db, "reviewer@example.jp");

  // The ward officer reviewing lives in 上石神井 and belongs to its 自治会: the conflict case.
  const fureaiOrg = await organizationId(db, "上石神井ふれあい自治会");
  const fureaiRep = await userId(db, "fureai@example.jp");
  await inviteMember(
    db,
    { organizationId: fureaiOrg, email: "staff@example.jp", inviter: { id: fureaiRep, name: "自治会 代表" } },
    ctx(now),
  );
  const [invitation] = await pendingInvitationsFor(db, "staff@example.jp", now);
  await acceptInvitation(db, {
    invitationId: invitation.id,
    user: { id: staff, email: "staff@example.jp", emailVerified: true },
    now,
  });

  const midReview = await themeIdByTitle(db, "外国人住民と地域をつなぐ多文化共生の取り組み");
  await assignReviewer(db, { themeId: midReview, email: "reviewer@example.jp", staffId: staff }, ctx(now));
  await assignReviewer(db, { themeId: midReview, email: "staff@example.jp", staffId: staff }, ctx(now));
  const waiting = await db
    .selectFrom("proposals")
    .select("id")
    .where("theme_id", "=", midReview)
    .where("status", "=", "submitted")
    .executeTakeFirst();
  const midCriteria = await themeCriteria(db, midReview);
  if (waiting) {
    await saveReview(db, {
      proposalId: waiting.id,
      reviewerId: reviewer,
      review: {
        scores: Object.fromEntries(midCriteria.slice(0, 2).map((c) => [c.id, 4])),
        comments: {},
        overallComment: "多言語の訓練は意義が大きい。",
        recommendation: null,
      },
      submit: false,
      criteria: midCriteria,
      now,
    });
  }

  // Released: applications ran 90 to 40 days ago.
  const opened = new Date(now.getTime() - 90 * DAY);
  const themeId = await createTheme(db, {
    staffId: staff,
    now: opened,
    criteria: [
      { name: "地域課題の理解", description: "", weight: 40, maxScore: 5 },
      { name: "協働の体制", description: "", weight: 30, maxScore: 5 },
      { name: "実現可能性", description: "", weight: 30, maxScore: 5 },
    ],
    values: {
      courseId: "collabo",
      title: "地域の見守りネットワークづくり（令和8年度前期）",
      summary: "町会と地域の団体が組んで、高齢者の見守りネットワークをつくる取り組みを募集しました（結果発表済み）。",
      background: "一人暮らしの高齢者が増え、地域での見守りが求められています。",
      expectations: "町会・自治会と NPO などが組んだ見守りの取り組みを期待しました。",
      department: "高齢施策担当部 高齢社会対策課",
      contact: "高齢社会対策課　電話 03-5984-0000",
      fields: ["elderly_support", "welfare"],
      grantCapPerYear: 300_000,
      grantCapTotal: 300_000,
      subsidyRatePercent: 100,
      durationYears: 1,
      awardsPlanned: 1,
      reservedSlots: 0,
      reservedForKind: undefined,
      requiredKinds: ["neighborhood_association"],
      minOrganizations: 2,
      declaration: "政治活動・宗教活動・選挙活動を目的とする団体ではありません。",
      opensAt: opened,
      closesAt: new Date(now.getTime() - 40 * DAY),
      criteria: [],
      version: undefined,
    },
  });
  await publishTheme(db, { themeId, staffId: staff }, { ...ctx(opened), secret: "seed" });
  const during = ctx(new Date(now.getTime() - 50 * DAY));
  const funded = await submitted(
    db,
    {
      themeId,
      leadEmail: "chokai@example.jp",
      leadOrg: "石神井台三丁目町会",
      partnerEmail: "npo@example.jp",
      partnerOrg: "NPO法人 ねりま子ども応援団",
      title: "町会とNPOの見守りネットワーク",
      requested: 250_000,
    },
    during,
  );
  const notFunded = await submitted(
    db,
    {
      themeId,
      leadEmail: "fureai@example.jp",
      leadOrg: "上石神井ふれあい自治会",
      partnerEmail: "sasaeai@example.jp",
      partnerOrg: "NPO法人 関町ささえあいの会",
      title: "上石神井の見守り訪問",
      requested: 300_000,
    },
    during,
  );

  const after = new Date(now.getTime() - 30 * DAY);
  await assignReviewer(db, { themeId, email: "reviewer@example.jp", staffId: staff }, ctx(after));
  await assignReviewer(db, { themeId, email: "staff@example.jp", staffId: staff }, ctx(after));
  const criteria = await themeCriteria(db, themeId);
  const score = (values: number[]) => Object.fromEntries(criteria.map((c, i) => [c.id, values[i]]));
  for (const [who, proposal, values, recommendation] of [
    [reviewer, funded, [5, 4, 4], "fund"],
    [staff, funded, [4, 4, 5], "fund"],
    [reviewer, notFunded, [3, 2, 3], "do_not_fund"],
    [staff, notFunded, [4, 3, 2], "fund_with_conditions"],
  ] as const) {
    await saveReview(db, {
      proposalId: proposal,
      reviewerId: who,
      review: { scores: score([...values]), comments: {}, overallComment: "", recommendation },
      submit: true,
      criteria,
      now: after,
    });
  }
  await recordDecision(db, {
    proposalId: funded,
    staffId: staff,
    decision: "funded",
    amount: 250_000,
    conditions: "交流会の参加者数を完了報告に記載すること。",
    feedback: "町会とNPOの役割分担が明確で、継続性が高く評価されました。",
    now: after,
  });
  await recordDecision(db, {
    proposalId: notFunded,
    staffId: staff,
    decision: "not_funded",
    amount: 0,
    conditions: "",
    feedback: "訪問の体制は具体的でしたが、交流会の計画をより具体的にしてください。次回のご応募をお待ちしています。",
    now: after,
  });
  await releaseResults(db, { themeId, staffId: staff }, ctx(new Date(now.getTime() - 20 * DAY)));
}
