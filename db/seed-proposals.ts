import type { Kysely } from "kysely";
import type { MailContext } from "../app/models/mail-context";
import { approveProposalText } from "../app/models/proposal-approvals.server";
import { answerPartnerInvitation, invitePartner } from "../app/models/proposal-partners.server";
import type { SectionContent } from "../app/models/proposal-rules";
import { submitProposal, withdrawProposal } from "../app/models/proposal-submission.server";
import { loadProposal, saveSection, startProposal } from "../app/models/proposals.server";
import { tokyoToday } from "../app/utils/japan-time";
import type { Database } from "./schema";

const DAY = 24 * 3600_000;
const daysAhead = (days: number) => tokyoToday(new Date(Date.now() + days * DAY));

interface Team {
  lead: { userId: string; organizationId: string };
  partner: { userId: string; organizationId: string };
}

async function userId(db: Kysely<Database>, email: string) {
  return (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

async function organizationId(db: Kysely<Database>, name: string) {
  return (await db.selectFrom("organizations").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
}

async function write(
  db: Kysely<Database>,
  proposalId: string,
  userIdValue: string,
  content: Partial<SectionContent>,
  now: Date,
  asHelper = false,
) {
  for (const [section, value] of Object.entries(content) as [
    keyof SectionContent,
    SectionContent[keyof SectionContent],
  ][]) {
    const current = await db
      .selectFrom("proposal_sections")
      .select("version")
      .where("proposal_id", "=", proposalId)
      .where("section", "=", section)
      .executeTakeFirstOrThrow();
    await saveSection(db, {
      proposalId,
      section,
      content: value,
      expectedVersion: current.version,
      userId: userIdValue,
      asHelper,
      now,
    });
  }
}

function fullProposal(
  team: Team,
  text: { title: string; summary: string; problem: string; activities: string; leadRole: string; partnerRole: string },
) {
  return {
    basics: {
      title: text.title,
      summary: text.summary,
      contactName: "連絡 担当",
      contactEmail: "contact@example.jp",
      contactPhone: "03-3995-0001",
    },
    problem: { text: text.problem },
    activities: { text: text.activities },
    roles: { roles: { [team.lead.organizationId]: text.leadRole, [team.partner.organizationId]: text.partnerRole } },
    outcomes: {
      text: "地域活動に参加する人が増え、活動が続くしくみができます。",
      indicators: [
        { name: "新たに参加した担い手の数", target: "20人" },
        { name: "活動への延べ参加者数", target: "300人" },
      ],
    },
    schedule: {
      // Counted from the day the demo is seeded, so a plan never reads as long past.
      milestones: [
        { title: "説明会の開催", date: daysAhead(140), deliverable: "参加者名簿・アンケート" },
        { title: "中間報告", date: daysAhead(300), deliverable: "活動記録と写真" },
        { title: "完了報告", date: daysAhead(470), deliverable: "完了報告書" },
      ],
    },
    budget: {
      lines: [
        { item: "講師謝金", category: "honoraria" as const, amount: 60_000, note: "3回分" },
        { item: "チラシ印刷", category: "printing" as const, amount: 40_000, note: "2,000部" },
        { item: "会場使用料", category: "rental" as const, amount: 50_000, note: "" },
      ],
      ownFunds: 10_000,
      requested: 140_000,
    },
    declaration: { accepted: true },
  } satisfies SectionContent;
}

async function team(
  db: Kysely<Database>,
  leadEmail: string,
  leadOrg: string,
  partnerEmail: string,
  partnerOrg: string,
): Promise<Team> {
  return {
    lead: { userId: await userId(db, leadEmail), organizationId: await organizationId(db, leadOrg) },
    partner: { userId: await userId(db, partnerEmail), organizationId: await organizationId(db, partnerOrg) },
  };
}

/** The partner's representative approves the finished text, then the lead submits it. */
async function approveAndSubmit(db: Kysely<Database>, proposalId: string, t: Team, ctx: MailContext) {
  const loaded = await loadProposal(db, proposalId);
  if (!loaded) throw new Error("seed: no such proposal");
  const approved = await approveProposalText(
    db,
    { proposalId, organizationId: t.partner.organizationId, userId: t.partner.userId, text: loaded.text },
    ctx,
  );
  if (!approved.ok) throw new Error(`seed: approval refused (${approved.problem})`);
  await submitProposal(db, { proposalId, userId: t.lead.userId }, ctx);
}

async function formTeam(db: Kysely<Database>, themeId: string, t: Team, ctx: MailContext) {
  const started = await startProposal(db, {
    themeId,
    leadOrganizationId: t.lead.organizationId,
    userId: t.lead.userId,
    now: ctx.now,
  });
  if (!started.ok) throw new Error(`seed: cannot start a proposal (${started.problem})`);
  await invitePartner(
    db,
    { proposalId: started.id, organizationId: t.partner.organizationId, userId: t.lead.userId },
    ctx,
  );
  return started.id;
}

/**
 * Proposals in the states that exist before review: a draft with a partner still to answer, a
 * draft being written by a 町会 and an NPO together, submitted ones on the open and the closed
 * theme, and a withdrawn one. All through the same functions the site uses.
 */
export async function seedProposals(db: Kysely<Database>, publicUrl: string) {
  const now = new Date();
  const ctx = (at: Date): MailContext => ({ publicUrl, locale: "ja", now: at });
  const theme = async (title: string) =>
    (await db.selectFrom("themes").select("id").where("title", "=", title).executeTakeFirstOrThrow()).id;
  const collaboOpen = await theme("町会・自治会の担い手を広げる協働事業");
  const collaboClosed = await theme("外国人住民と地域をつなぐ多文化共生の取り組み");

  // 1. The demo's own collaboration: 石神井台三丁目町会 with the NPO, draft under way.
  const chokaiNpo = await team(
    db,
    "chokai@example.jp",
    "石神井台三丁目町会",
    "npo@example.jp",
    "NPO法人 ねりま子ども応援団",
  );
  const draft = await formTeam(db, collaboOpen, chokaiNpo, ctx(now));
  await answerPartnerInvitation(
    db,
    {
      proposalId: draft,
      organizationId: chokaiNpo.partner.organizationId,
      userId: chokaiNpo.partner.userId,
      accept: true,
    },
    ctx(now),
  );
  const full = fullProposal(chokaiNpo, {
    title: "子ども食堂と町会の見守りをつなぐ地域の居場所づくり",
    summary: "町会会館で子ども食堂を開き、高齢者の見守りと子どもの居場所を同時につくります。",
    problem: "石神井台三丁目では役員の高齢化で見守り活動が続けにくく、子育て世代は町会の活動を知る機会がありません。",
    activities: "月2回、町会会館で子ども食堂を開き、高齢者にも声をかけて多世代の交流の場にします。",
    leadRole: "会館の提供、住民への声かけ、見守り活動",
    partnerRole: "子ども食堂の運営、ボランティアの募集と調整",
  });
  await write(
    db,
    draft,
    chokaiNpo.lead.userId,
    { basics: full.basics, problem: full.problem, activities: full.activities, budget: full.budget },
    now,
  );

  // 2. A submitted proposal on the open theme: 上石神井ふれあい自治会 with 関町ささえあいの会.
  const fureai = await team(
    db,
    "fureai@example.jp",
    "上石神井ふれあい自治会",
    "sasaeai@example.jp",
    "NPO法人 関町ささえあいの会",
  );
  const submitted = await formTeam(db, collaboOpen, fureai, ctx(now));
  await answerPartnerInvitation(
    db,
    {
      proposalId: submitted,
      organizationId: fureai.partner.organizationId,
      userId: fureai.partner.userId,
      accept: true,
    },
    ctx(now),
  );
  await write(
    db,
    submitted,
    fureai.lead.userId,
    fullProposal(fureai, {
      title: "買い物支援で自治会の担い手を広げる",
      summary: "NPOの送迎車を使った買い物支援に自治会の若手が同乗し、担い手を育てます。",
      problem: "上石神井では坂が多く、高齢者の買い物が負担になっています。",
      activities: "週1回の買い物支援と、月1回のふれあい食事会を合同で開きます。",
      leadRole: "利用者への声かけ、同乗ボランティアの募集",
      partnerRole: "送迎車の運行、安全管理",
    }),
    now,
  );
  await approveAndSubmit(db, submitted, fureai, ctx(now));

  // 3. A withdrawn one: 光が丘みどりの会 with 上石神井ふれあい自治会.
  const midori = await team(db, "midori@example.jp", "光が丘みどりの会", "fureai@example.jp", "上石神井ふれあい自治会");
  const withdrawn = await formTeam(db, collaboOpen, midori, ctx(now));
  await answerPartnerInvitation(
    db,
    {
      proposalId: withdrawn,
      organizationId: midori.partner.organizationId,
      userId: midori.partner.userId,
      accept: true,
    },
    ctx(now),
  );
  await write(
    db,
    withdrawn,
    midori.lead.userId,
    fullProposal(midori, {
      title: "公園の花壇づくりで自治会と若い世代をつなぐ",
      summary: "花壇づくりを入り口に、自治会の活動に若い世代を招きます。",
      problem: "自治会の活動に若い世代が参加していません。",
      activities: "月1回の花壇づくりと季節のイベントを開きます。",
      leadRole: "花壇づくりの指導",
      partnerRole: "参加者の募集、会場の手配",
    }),
    now,
  );
  await approveAndSubmit(db, withdrawn, midori, ctx(now));
  await withdrawProposal(db, { proposalId: withdrawn, userId: midori.lead.userId }, ctx(now));

  // 4. A draft whose partner has not answered yet: 田柄障害者スポーツクラブ invites 春日町商店会.
  const sports = await team(
    db,
    "sports@example.jp",
    "田柄障害者スポーツクラブ",
    "shotenkai@example.jp",
    "春日町商店会",
  );
  await formTeam(db, collaboOpen, sports, ctx(now));

  // 4b. A finished draft waiting for its partner's representative to approve the text.
  const kobo = await team(
    db,
    "kobo@example.jp",
    "株式会社ねりまデジタル工房",
    "tabunka@example.jp",
    "ねりま多文化交流ネットワーク",
  );
  const awaiting = await formTeam(db, collaboOpen, kobo, ctx(now));
  await answerPartnerInvitation(
    db,
    { proposalId: awaiting, organizationId: kobo.partner.organizationId, userId: kobo.partner.userId, accept: true },
    ctx(now),
  );
  await write(
    db,
    awaiting,
    kobo.lead.userId,
    fullProposal(kobo, {
      title: "商店街のタブレットで多言語の買い物案内",
      summary: "商店街の店頭にタブレットを置き、外国人住民に多言語で買い物を案内します。",
      problem: "外国人住民が商店街の店を使いにくく、地域との接点が少なくなっています。",
      activities: "店頭タブレットの設置と、月1回の多言語まち歩きを行います。",
      leadRole: "タブレットの設定と保守",
      partnerRole: "翻訳と、まち歩きの案内",
    }),
    now,
  );

  // 4c. 代理入力: the 町会長's daughter, named as a helper, types part of the association's draft
  // (she may not submit; the history on the proposal page says she typed it).
  const daughter = await userId(db, "musume@example.jp");
  await db
    .insertInto("organization_helpers")
    .values({
      organization_id: chokaiNpo.lead.organizationId,
      user_id: daughter,
      named_by: chokaiNpo.lead.userId,
      named_at: now,
    })
    .execute();
  await write(db, draft, daughter, { roles: full.roles, outcomes: full.outcomes }, now, true);

  // 4d. 大泉学園PTA連絡会 alone on the future-creation theme: finished, for its representative to submit.
  const pta = {
    userId: await userId(db, "pta@example.jp"),
    organizationId: await organizationId(db, "大泉学園PTA連絡会"),
  };
  const alone = await startProposal(db, {
    themeId: await theme("災害時に支え合える地域のしくみづくり"),
    leadOrganizationId: pta.organizationId,
    userId: pta.userId,
    now,
  });
  if (!alone.ok) throw new Error(`seed: cannot start a proposal (${alone.problem})`);
  await write(
    db,
    alone.id,
    pta.userId,
    fullProposal(
      { lead: pta, partner: pta },
      {
        title: "保護者の連絡網を災害時の安否確認に生かす",
        summary: "PTAの連絡網アプリを、災害時に子育て家庭の安否を確かめるしくみに広げます。",
        problem: "災害時、子育て家庭の安否は学校にも町会にも集まらず、支援が遅れるおそれがあります。",
        activities: "連絡網アプリに安否確認の機能を加え、年2回、学区で訓練を行います。",
        leadRole: "連絡網の運用、保護者への周知と訓練",
        partnerRole: "連絡網の運用、保護者への周知と訓練",
      },
    ),
    now,
  );

  // 5. Submitted while the now-closed theme was open, so it waits for review.
  const tabunka = await team(
    db,
    "fureai@example.jp",
    "上石神井ふれあい自治会",
    "tabunka@example.jp",
    "ねりま多文化交流ネットワーク",
  );
  const then = new Date(now.getTime() - 10 * DAY);
  const late = await formTeam(db, collaboClosed, tabunka, ctx(then));
  await answerPartnerInvitation(
    db,
    { proposalId: late, organizationId: tabunka.partner.organizationId, userId: tabunka.partner.userId, accept: true },
    ctx(then),
  );
  await write(
    db,
    late,
    tabunka.lead.userId,
    fullProposal(tabunka, {
      title: "やさしい日本語の防災訓練で外国人住民と自治会をつなぐ",
      summary: "やさしい日本語と多言語で防災訓練を開き、外国人住民の自治会参加を促します。",
      problem: "外国人住民の多くが自治会の防災訓練を知りません。",
      activities: "年2回の多言語防災訓練と、防災マップの作成を行います。",
      leadRole: "訓練の企画と会場",
      partnerRole: "翻訳と通訳、外国人住民への周知",
    }),
    then,
  );
  await approveAndSubmit(db, late, tabunka, ctx(then));

  // Two more on the same theme, so its review has something to rank.
  for (const [leadEmail, leadOrg, partnerEmail, partnerOrg, title] of [
    [
      "chokai@example.jp",
      "石神井台三丁目町会",
      "tabunka@example.jp",
      "ねりま多文化交流ネットワーク",
      "多言語の回覧板で町会の情報を届ける",
    ],
    [
      "kobo@example.jp",
      "株式会社ねりまデジタル工房",
      "pta@example.jp",
      "大泉学園PTA連絡会",
      "外国にルーツを持つ親子のためのスマホ相談会",
    ],
  ] as const) {
    const pair = await team(db, leadEmail, leadOrg, partnerEmail, partnerOrg);
    const id = await formTeam(db, collaboClosed, pair, ctx(then));
    await answerPartnerInvitation(
      db,
      { proposalId: id, organizationId: pair.partner.organizationId, userId: pair.partner.userId, accept: true },
      ctx(then),
    );
    await write(
      db,
      id,
      pair.lead.userId,
      fullProposal(pair, {
        title,
        summary: `${title}取り組みです。`,
        problem: "外国人住民に地域の情報が届いていません。",
        activities: "多言語での情報発信と、月1回の相談会を開きます。",
        leadRole: "企画と会場",
        partnerRole: "周知と運営",
      }),
      then,
    );
    await approveAndSubmit(db, id, pair, ctx(then));
  }
}
