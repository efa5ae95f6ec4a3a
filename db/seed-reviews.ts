import type { Kysely } from "kysely";
import { storeFile } from "../app/models/files.server";
import type { MailContext } from "../app/models/mail-context";
import { acceptInvitation, inviteMember, pendingInvitationsFor } from "../app/models/organization-invitations.server";
import { decideFinalReport, submitFinalReport } from "../app/models/project-final-report.server";
import { recordContinuation } from "../app/models/project-oversight.server";
import { decideReport, submitReport } from "../app/models/project-reports.server";
import { approveProposalText } from "../app/models/proposal-approvals.server";
import { answerPartnerInvitation, invitePartner } from "../app/models/proposal-partners.server";
import type { SectionContent } from "../app/models/proposal-rules";
import { submitProposal } from "../app/models/proposal-submission.server";
import { loadProposal, saveSection, startProposal } from "../app/models/proposals.server";
import { recordDecision, releaseResults } from "../app/models/review-decisions.server";
import { assignReviewer } from "../app/models/review-panel.server";
import { saveReview, themeCriteria } from "../app/models/reviews.server";
import { createTheme, publishTheme } from "../app/models/themes.server";
import { tokyoToday } from "../app/utils/japan-time";
import type { Database } from "./schema";
import { theme, tinyPng } from "./seed-themes";

/** A seed decision that is refused is a broken demo: say so rather than leave a theme half-decided. */
function accepted(result: { ok: true } | { ok: false; problem: string }) {
  if (!result.ok) throw new Error(`seed: decision refused (${result.problem})`);
  return result;
}

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
    milestones?: SectionContent["schedule"]["milestones"];
    /** The plan the final report answers: indicators and budget lines (one of each by default). */
    indicators?: SectionContent["outcomes"]["indicators"];
    budgetLines?: SectionContent["budget"]["lines"];
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
    outcomes: {
      text: "見守りを受ける世帯が増えます。",
      indicators: input.indicators ?? [{ name: "見守り世帯数", target: "40世帯" }],
    },
    schedule: {
      // Counted from today, whenever the demo is seeded: the released round's project then always has
      // a milestone due within the week (at risk), never one gone by.
      milestones: input.milestones ?? [
        { title: "見守り訪問の開始", date: tokyoToday(new Date(Date.now() + 5 * DAY)), deliverable: "訪問記録" },
        { title: "交流会の開催", date: tokyoToday(new Date(Date.now() + 76 * DAY)), deliverable: "参加者数と写真" },
      ],
    },
    budget: {
      lines: input.budgetLines ?? [{ item: "交流会の会場費", category: "rental", amount: input.requested, note: "" }],
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
  const loaded = await loadProposal(db, started.id);
  const approved = await approveProposalText(
    db,
    { proposalId: started.id, organizationId: partner.org, userId: partner.user, text: loaded?.text ?? "" },
    ctx,
  );
  if (!approved.ok) throw new Error(`seed: approval refused (${approved.problem})`);
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
  const decider = await userId(db, "kakaricho@example.jp");
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
  // Reviews are due in ten days: reviewers see the date; reminders go out three days and a day before.
  await db
    .updateTable("themes")
    .set({ review_deadline: tokyoToday(new Date(now.getTime() + 10 * 24 * 3600_000)) })
    .where("id", "=", midReview)
    .execute();
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
      summary: "町会と地域の団体が組んで、高齢者の見守りネットワークをつくる取り組みを募集しました。",
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
  accepted(
    await recordDecision(db, {
      themeId,
      proposalId: funded,
      // The officer who belongs to 上石神井ふれあい自治会 may not decide its proposals: the 係長 does.
      staffId: decider,
      decision: "funded",
      amount: 250_000,
      conditions: "交流会の参加者数を完了報告に記載すること。",
      feedback: "町会とNPOの役割分担が明確で、継続性が高く評価されました。",
      now: after,
    }),
  );
  accepted(
    await recordDecision(db, {
      themeId,
      proposalId: notFunded,
      staffId: decider,
      decision: "not_funded",
      amount: 0,
      conditions: "",
      feedback: "訪問の体制は具体的でしたが、交流会の計画をより具体的にしてください。次回のご応募をお待ちしています。",
      now: after,
    }),
  );
  await releaseResults(db, { themeId, staffId: staff }, ctx(new Date(now.getTime() - 20 * DAY)));
}

/**
 * Last year's round, funded and under way: one project completed with its final report accepted,
 * one on track with an approved report (public excerpt and photo) and one waiting for the ward,
 * one overdue. With the project released above (due soon: at risk) the dashboard shows every state.
 */
export async function seedProjects(db: Kysely<Database>, publicUrl: string) {
  const now = new Date();
  const ctx = (at: Date): MailContext => ({ publicUrl, locale: "ja", now: at });
  const day = (offset: number) => tokyoToday(new Date(now.getTime() + offset * DAY));
  const staff = await userId(db, "staff@example.jp");
  const decider = await userId(db, "kakaricho@example.jp");
  const opened = new Date(now.getTime() - 400 * DAY);
  const themeId = await createTheme(db, {
    staffId: staff,
    now: opened,
    criteria: [{ name: "協働の体制", description: "", weight: 1, maxScore: 5 }],
    values: {
      courseId: "collabo",
      title: "子どもと高齢者の居場所づくり（令和7年度）",
      summary: "地域の団体が組んで、子どもと高齢者が集まれる居場所をつくる取り組みを募集しました。",
      background: "放課後や休日に安心して過ごせる場所が足りません。",
      expectations: "町会・自治会、NPO、商店会などが組んだ居場所づくりを期待しました。",
      department: "地域文化部 協働推進課",
      contact: "協働推進課　電話 03-5984-0000",
      fields: ["childcare", "elderly_support"],
      grantCapPerYear: 500_000,
      grantCapTotal: 1_000_000,
      subsidyRatePercent: 100,
      durationYears: 2,
      awardsPlanned: 3,
      reservedSlots: 0,
      reservedForKind: undefined,
      requiredKinds: [],
      minOrganizations: 2,
      declaration: "政治活動・宗教活動・選挙活動を目的とする団体ではありません。",
      opensAt: opened,
      closesAt: new Date(now.getTime() - 350 * DAY),
      criteria: [],
      version: undefined,
    },
  });
  await publishTheme(db, { themeId, staffId: staff }, { ...ctx(opened), secret: "seed" });
  const during = ctx(new Date(now.getTime() - 360 * DAY));
  const completed = await submitted(
    db,
    {
      themeId,
      leadEmail: "chokai@example.jp",
      leadOrg: "石神井台三丁目町会",
      partnerEmail: "npo@example.jp",
      partnerOrg: "NPO法人 ねりま子ども応援団",
      title: "町会会館の放課後こども食堂",
      requested: 400_000,
      indicators: [
        { name: "見守り世帯数", target: "40世帯" },
        { name: "こども食堂の開催回数", target: "年24回" },
        { name: "参加者数（のべ）", target: "500人" },
      ],
      budgetLines: [
        { item: "食材費", category: "supplies", amount: 240_000, note: "" },
        { item: "町会会館の使用料", category: "rental", amount: 96_000, note: "" },
        { item: "チラシの印刷", category: "printing", amount: 64_000, note: "" },
      ],
      milestones: [
        { title: "こども食堂の開始", date: day(-200), deliverable: "開催記録" },
        { title: "一年間のまとめ", date: day(-30), deliverable: "参加者数と写真" },
      ],
    },
    during,
  );
  const onTrack = await submitted(
    db,
    {
      themeId,
      leadEmail: "fureai@example.jp",
      leadOrg: "上石神井ふれあい自治会",
      partnerEmail: "sasaeai@example.jp",
      partnerOrg: "NPO法人 関町ささえあいの会",
      title: "上石神井のまちなかサロン",
      requested: 350_000,
      milestones: [
        { title: "サロンの開設", date: day(-60), deliverable: "開設の記録と写真" },
        { title: "多世代交流会", date: day(10), deliverable: "参加者数" },
        { title: "一年目のまとめ", date: day(90), deliverable: "報告書" },
      ],
    },
    during,
  );
  const overdue = await submitted(
    db,
    {
      themeId,
      leadEmail: "chokai@example.jp",
      leadOrg: "石神井台三丁目町会",
      partnerEmail: "sasaeai@example.jp",
      partnerOrg: "NPO法人 関町ささえあいの会",
      title: "石神井台の昔遊び教室",
      requested: 200_000,
      milestones: [
        { title: "教室の開始", date: day(-10), deliverable: "参加者数" },
        { title: "発表会", date: day(120), deliverable: "写真" },
      ],
    },
    during,
  );
  const decided = new Date(now.getTime() - 340 * DAY);
  for (const [proposalId, amount] of [
    [completed, 400_000],
    [onTrack, 350_000],
    [overdue, 200_000],
  ] as const) {
    accepted(
      await recordDecision(db, {
        themeId,
        proposalId,
        staffId: decider,
        decision: "funded",
        amount,
        conditions: "",
        feedback: "地域の団体の役割分担が明確でした。",
        now: decided,
      }),
    );
  }
  await releaseResults(db, { themeId, staffId: staff }, ctx(new Date(now.getTime() - 330 * DAY)));

  const projectOf = async (proposalId: string) => {
    const project = await db
      .selectFrom("projects")
      .select("id")
      .where("proposal_id", "=", proposalId)
      .executeTakeFirstOrThrow();
    const milestones = await db
      .selectFrom("milestones")
      .select("id")
      .where("project_id", "=", project.id)
      .orderBy("position")
      .execute();
    return { id: project.id, milestones: milestones.map((m) => m.id) };
  };
  const leadOf = { chokai: await userId(db, "chokai@example.jp"), fureai: await userId(db, "fureai@example.jp") };
  const report = async (
    milestoneId: string,
    by: string,
    text: { body: string; excerpt: string; spent: number },
    at: Date,
    decision: "approve" | "return" | null,
    /** A photo the team made public, with the description they wrote for people who cannot see it. */
    photo?: { name: string; description: string },
  ) => {
    const sent = await submitReport(
      db,
      { milestoneId, userId: by, body: text.body, publicExcerpt: text.excerpt, spent: text.spent },
      ctx(at),
    );
    if (!sent.ok) throw new Error(`seed: report refused (${sent.problem})`);
    if (photo) {
      await storeFile(db, {
        ownerType: "report",
        ownerId: sent.reportId,
        label: `${photo.name}.png`,
        filename: `${photo.name}.png`,
        bytes: tinyPng(),
        contentType: "image/png",
        uploadedBy: by,
        isPublic: true,
        description: photo.description,
      });
    }
    const { project_id: projectId } = await db
      .selectFrom("milestones")
      .select("project_id")
      .where("id", "=", milestoneId)
      .executeTakeFirstOrThrow();
    if (decision)
      await decideReport(
        db,
        {
          projectId,
          reportId: sent.reportId,
          staffId: staff,
          approve: decision === "approve",
          comment: decision === "approve" ? "" : "参加者数を書き加えてください。",
        },
        ctx(at),
      );
  };
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  const done = await projectOf(completed);
  await report(
    done.milestones[0],
    leadOf.chokai,
    {
      body: "毎月第2・第4土曜に開催を始めました。",
      excerpt: "町会会館で毎月2回、こども食堂を開いています。",
      spent: 150_000,
    },
    ago(198),
    "approve",
    { name: "こども食堂の様子", description: "町会会館の長机で、子どもたちと高齢の方が一緒に夕ご飯を食べている様子" },
  );
  await report(
    done.milestones[1],
    leadOf.chokai,
    { body: "一年間で24回開催しました。", excerpt: "一年間で24回、のべ600人が参加しました。", spent: 380_000 },
    ago(28),
    "approve",
    {
      name: "一年間のまとめ",
      description: "一年間のまとめの会で、子どもたちが書いた「ありがとう」の寄せ書きを掲げている様子",
    },
  );
  await submitFinalReport(
    db,
    {
      projectId: done.id,
      userId: leadOf.chokai,
      report: {
        outcomes: [
          { indicator: "見守り世帯数", target: "40世帯", achieved: "45世帯" },
          { indicator: "こども食堂の開催回数", target: "年24回", achieved: "24回" },
          { indicator: "参加者数（のべ）", target: "500人", achieved: "600人" },
        ],
        spending: [
          { item: "食材費", planned: 240_000, spent: 231_500 },
          { item: "町会会館の使用料", planned: 96_000, spent: 96_000 },
          { item: "チラシの印刷", planned: 64_000, spent: 52_500 },
        ],
        selfEvaluation: "参加者が予定を上回りました。次年度は高齢者ボランティアを増やします。",
      },
    },
    ctx(ago(20)),
  );
  await decideFinalReport(db, { projectId: done.id, staffId: staff, accept: true, comment: "" }, ctx(ago(15)));

  const going = await projectOf(onTrack);
  await report(
    going.milestones[0],
    leadOf.fureai,
    { body: "自治会館でサロンを開設しました。", excerpt: "自治会館にまちなかサロンを開設しました。", spent: 120_000 },
    ago(58),
    "return",
  );
  await report(
    going.milestones[0],
    leadOf.fureai,
    {
      body: "自治会館でサロンを開設しました。初日の参加者は32人でした。",
      excerpt: "自治会館にまちなかサロンを開設し、初日は32人が集まりました。",
      spent: 120_000,
    },
    ago(55),
    "approve",
    {
      name: "サロン開設の日",
      description: "自治会館に開いたまちなかサロンで、参加した人たちが輪になってお茶を飲んでいる様子",
    },
  );
  await report(
    going.milestones[1],
    leadOf.fureai,
    { body: "多世代交流会に子ども15人、高齢者20人が参加しました。", excerpt: "", spent: 60_000 },
    ago(1),
    null,
  );
}

/**
 * A future-creation round two years back whose project the ward stopped at its continuation review:
 * with the rounds above, `/projects` has projects of both courses, of at least two fiscal years
 * (700 and 20 days ago always fall in different ones), in every state and in several areas.
 */
export async function seedStoppedProject(db: Kysely<Database>, publicUrl: string) {
  const now = new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const ctx = (at: Date): MailContext => ({ publicUrl, locale: "ja", now: at });
  const staff = await userId(db, "staff@example.jp");
  const opened = ago(780);
  const themeId = await createTheme(db, {
    staffId: staff,
    now: opened,
    criteria: [{ name: "しくみの広がり", description: "", weight: 1, maxScore: 5 }],
    values: theme({
      courseId: "future_creation",
      title: "みどりを育てる担い手づくり（3年間）",
      summary: "区のみどり推進課と団体が3年間かけて、公園や街路樹の手入れをする担い手を育てる取り組みを募集しました。",
      background: "公園の花壇や街路樹の手入れをする担い手が高齢になり、減っています。",
      expectations: "区と協働し、若い世代や企業が参加できる手入れのしくみを区内に広げる提案を期待しました。",
      department: "環境部 みどり推進課",
      fields: ["environment", "community_development"],
      grantCapPerYear: 1_000_000,
      grantCapTotal: 3_000_000,
      durationYears: 3,
      awardsPlanned: 1,
      minOrganizations: 1,
      opensAt: opened,
      closesAt: ago(740),
    }),
  });
  await publishTheme(db, { themeId, staffId: staff }, { ...ctx(opened), secret: "seed" });
  const day = (offset: number) => tokyoToday(ago(-offset));
  const proposalId = await submitted(
    db,
    {
      themeId,
      leadEmail: "midori@example.jp",
      leadOrg: "光が丘みどりの会",
      partnerEmail: "tabunka@example.jp",
      partnerOrg: "ねりま多文化交流ネットワーク",
      title: "光が丘公園の花壇サポーター",
      requested: 800_000,
      milestones: [
        { title: "サポーター講座の開始", date: day(-600), deliverable: "講座の記録" },
        { title: "花壇の手入れ会", date: day(-200), deliverable: "参加者数と写真" },
        { title: "三年間のまとめ", date: day(300), deliverable: "報告書" },
      ],
    },
    ctx(ago(760)),
  );
  accepted(
    await recordDecision(db, {
      themeId,
      proposalId,
      staffId: await userId(db, "kakaricho@example.jp"),
      decision: "funded",
      amount: 800_000,
      conditions: "",
      feedback: "区との役割分担が明確でした。",
      now: ago(720),
    }),
  );
  await releaseResults(db, { themeId, staffId: staff }, ctx(ago(700)));
  const project = await db
    .selectFrom("projects")
    .select("id")
    .where("proposal_id", "=", proposalId)
    .executeTakeFirstOrThrow();
  await recordContinuation(db, {
    projectId: project.id,
    staffId: staff,
    year: 2,
    decision: "stop",
    note: "担い手が集まらず、2年目は続けないことになりました。",
    now: ago(335),
  });
}
