/**
 * Bulk data for the performance benchmark: a ward-sized database written with batched inserts (and
 * one `insert … select generate_series` for the audit log) instead of the domain functions, which
 * would take hours at this size. Every row still keeps the rules the domain code keeps: foreign
 * keys, checks and unique keys, search columns written by `searchColumns`, statuses consistent with
 * the theme's phase (drafts and submissions while open, reviews after the deadline, decisions and
 * projects only once results are released), receipt numbers continued from `receipt_counters`.
 *
 * Works on PostgreSQL and on PGlite (one connection: inside the transaction only `trx` is used).
 */
import { randomUUID } from "node:crypto";
import { type Insertable, type Kysely, sql } from "kysely";
import { hashPassword } from "../../app/models/accounts.server";
import { privacyPolicyVersion } from "../../app/models/content-pages.server";
import { teamAreas } from "../../app/models/projects.server";
import {
  EMPTY_SECTIONS,
  receiptNumber,
  receiptPrefix,
  SECTIONS,
  type SectionContent,
} from "../../app/models/proposal-rules";
import { reviewTotal } from "../../app/models/review-rules";
import { searchColumns } from "../../app/models/search";
import { type ThemePhase, themePhase } from "../../app/models/theme-rules";
import { themeSearchColumns } from "../../app/models/themes.server";
import { endOfTokyoDay, tokyoToday } from "../../app/utils/japan-time";
import type { Database, OrganizationKind, ProposalStatus, Recommendation } from "../../db/schema";

export interface BenchSizes {
  themes: number;
  organizations: number;
  listings: number;
  proposals: number;
  proposalsInBigTheme: number;
  reviews: number;
  projects: number;
  milestones: number;
  auditRows: number;
}

export const FULL_SIZES: BenchSizes = {
  themes: 50,
  organizations: 5000,
  listings: 2000,
  proposals: 10000,
  proposalsInBigTheme: 1000,
  reviews: 50000,
  projects: 2000,
  milestones: 10000,
  auditRows: 200000,
};

export const SMALL_SIZES: BenchSizes = {
  themes: 8,
  organizations: 50,
  listings: 20,
  proposals: 100,
  proposalsInBigTheme: 20,
  reviews: 500,
  projects: 20,
  milestones: 100,
  auditRows: 2000,
};

export const SMOKE_SIZES: BenchSizes = {
  themes: 8,
  organizations: 40,
  listings: 15,
  proposals: 60,
  proposalsInBigTheme: 12,
  reviews: 120,
  projects: 6,
  milestones: 24,
  auditRows: 200,
};

export const BENCH_PASSWORD = "bench-password-2026";

export interface BenchFixture {
  staffEmail: string;
  reviewerEmail: string;
  memberEmail: string;
  bigThemeId: string;
  openThemeId: string;
  draftProposalIds: string[];
  searchWord: string;
  organizationKind: string;
}

/** Drafts the fixture member can edit; more than the benchmark's concurrent editors need. */
const FIXTURE_DRAFTS = 24;
/** Reviewers assigned to each theme under review (plus the fixture reviewer on the big theme). */
const REVIEWERS_PER_THEME = 12;
const SEARCH_WORD = "子ども食堂";

const DAY = 24 * 3600_000;

// --- Deterministic randomness: the same sizes give the same shape of data. -------------------------

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a stable number in [0, 1) for any string (a proposal's quality, a reviewer's bias). */
function unit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 4294967296;
}

const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length) % list.length];
const at = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length];

/** Splits `total` over the weights (largest remainder); zero weights get nothing unless all are zero. */
function apportion(total: number, weights: number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0);
  const w = sum > 0 ? weights : weights.map(() => 1);
  const s = sum > 0 ? sum : weights.length;
  const exact = w.map((x) => (total * x) / s);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i] += 1;
  return out;
}

async function insertRows<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.min(1000, Math.floor(30_000 / columns)));
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

async function countOf(db: Kysely<Database>, table: keyof Database & string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0].n);
}

// --- Japanese text -------------------------------------------------------------------------------

const DISTRICTS: [name: string, kana: string, area: string][] = [
  ["練馬", "ネリマ", "nerima"],
  ["桜台", "サクラダイ", "sakuradai"],
  ["平和台", "ヘイワダイ", "heiwadai"],
  ["光が丘", "ヒカリガオカ", "hikarigaoka"],
  ["春日町", "カスガチョウ", "kasugacho"],
  ["田柄", "タガラ", "tagara"],
  ["石神井町", "シャクジイマチ", "shakujii"],
  ["富士見台", "フジミダイ", "fujimidai"],
  ["関町", "セキマチ", "sekimachi"],
  ["上石神井", "カミシャクジイ", "kamishakujii"],
  ["大泉学園町", "オオイズミガクエンチョウ", "oizumi"],
  ["豊玉", "トヨタマ", "nerima"],
  ["貫井", "ヌクイ", "fujimidai"],
  ["高野台", "タカノダイ", "fujimidai"],
  ["南大泉", "ミナミオオイズミ", "oizumi"],
  ["北町", "キタマチ", "heiwadai"],
  ["早宮", "ハヤミヤ", "heiwadai"],
  ["氷川台", "ヒカワダイ", "heiwadai"],
  ["中村", "ナカムラ", "nerima"],
  ["旭丘", "アサヒガオカ", "nerima"],
  ["錦", "ニシキ", "heiwadai"],
  ["立野町", "タテノチョウ", "sekimachi"],
  ["西大泉", "ニシオオイズミ", "oizumi"],
  ["東大泉", "ヒガシオオイズミ", "oizumi"],
];

const CHOME: [string, string][] = [
  ["一丁目", "イッチョウメ"],
  ["二丁目", "ニチョウメ"],
  ["三丁目", "サンチョウメ"],
  ["四丁目", "ヨンチョウメ"],
  ["五丁目", "ゴチョウメ"],
  ["六丁目", "ロクチョウメ"],
  ["七丁目", "ナナチョウメ"],
];

const TOPICS: [name: string, kana: string, fields: string[]][] = [
  ["子ども食堂", "コドモショクドウ", ["childcare", "welfare"]],
  ["見守り", "ミマモリ", ["elderly_support", "welfare"]],
  ["防災", "ボウサイ", ["disaster_safety"]],
  ["花と緑", "ハナトミドリ", ["environment"]],
  ["子育て支援", "コソダテシエン", ["childcare"]],
  ["多文化交流", "タブンカコウリュウ", ["multicultural"]],
  ["スマホ相談", "スマホソウダン", ["digital", "elderly_support"]],
  ["買い物支援", "カイモノシエン", ["elderly_support", "welfare"]],
  ["健康体操", "ケンコウタイソウ", ["health", "elderly_support"]],
  ["環境美化", "カンキョウビカ", ["environment", "community_development"]],
  ["読み聞かせ", "ヨミキカセ", ["education", "childcare"]],
  ["学習支援", "ガクシュウシエン", ["education"]],
  ["障害者スポーツ", "ショウガイシャスポーツ", ["disability_support", "culture_sports"]],
  ["まちづくり", "マチヅクリ", ["community_development"]],
];

const SURNAMES: [string, string][] = [
  ["田中", "タナカ"],
  ["鈴木", "スズキ"],
  ["高橋", "タカハシ"],
  ["渡辺", "ワタナベ"],
  ["伊藤", "イトウ"],
  ["山本", "ヤマモト"],
  ["中村", "ナカムラ"],
  ["小林", "コバヤシ"],
  ["加藤", "カトウ"],
  ["吉田", "ヨシダ"],
  ["山田", "ヤマダ"],
  ["佐々木", "ササキ"],
  ["松本", "マツモト"],
  ["井上", "イノウエ"],
  ["木村", "キムラ"],
  ["清水", "シミズ"],
];
const GIVEN_NAMES = [
  "一郎",
  "花子",
  "健太",
  "美咲",
  "大輔",
  "陽子",
  "翔",
  "由美",
  "誠",
  "さくら",
  "隆",
  "恵子",
  "拓也",
];
const BUSINESSES: [string, string][] = [
  ["商店", "ショウテン"],
  ["工務店", "コウムテン"],
  ["薬局", "ヤッキョク"],
  ["不動産", "フドウサン"],
  ["印刷", "インサツ"],
  ["電気", "デンキ"],
  ["ITサービス", "アイティーサービス"],
];

const PROPOSAL_PHRASES = [
  "子ども食堂と見守りをつなぐ居場所づくり",
  "多世代で取り組む防災訓練の見直し",
  "高齢者のためのスマホ相談会",
  "買い物支援と交流サロンの開設",
  "外国人住民とつくる防災マップ",
  "公園の花壇づくりで世代をつなぐ",
  "空き家を活かした地域の居場所",
  "町会のデジタル回覧板の導入",
  "子育て世代が参加する夏祭りの再生",
  "障害のある人とない人のスポーツ交流",
  "学生と取り組む学習支援教室",
  "健康体操で介護予防",
  "ひとり暮らし高齢者の安否確認ネットワーク",
  "フードドライブで食品ロスを減らす",
];

const THEME_TOPICS: [title: string, fields: string[]][] = [
  ["町会・自治会の担い手を広げる協働事業", ["community_development", "disaster_safety"]],
  ["災害時に支え合える地域のしくみづくり", ["disaster_safety", "digital"]],
  ["子育て世代がつながる居場所づくり", ["childcare", "community_development"]],
  ["外国人住民と地域をつなぐ多文化共生の取り組み", ["multicultural"]],
  ["公園の活用で健康づくり", ["health", "environment"]],
  ["空き家を地域の拠点にする協働モデル", ["community_development"]],
  ["高齢者のデジタル活用を地域で支える", ["digital", "elderly_support"]],
  ["みどりを守り育てる区民協働", ["environment"]],
  ["商店街と町会がつくるにぎわい", ["community_development", "culture_sports"]],
  ["不登校の子どもの居場所と学び", ["education", "childcare"]],
  ["障害のある人の地域参加を広げる", ["disability_support", "culture_sports"]],
  ["ごみ減量とリサイクルの地域モデル", ["environment"]],
  ["ひとり親家庭を地域で支える", ["childcare", "welfare"]],
  ["学生と地域をつなぐボランティアのしくみ", ["education", "community_development"]],
  ["在宅介護の家族を支える地域の輪", ["elderly_support", "welfare"]],
  ["食品ロスを減らす地域のフードドライブ", ["environment", "welfare"]],
  ["町会のデジタル化（回覧板・会費管理）の推進", ["digital", "community_development"]],
  ["農のある暮らしを伝える都市農業体験", ["environment", "education"]],
];

const COLLABO_CRITERIA = [
  { name: "地域課題の理解", description: "地域の課題を具体的に捉えているか", weight: 30, max_score: 5 },
  { name: "協働の体制", description: "町会・自治会と連携団体の役割分担が明確か", weight: 30, max_score: 5 },
  { name: "実現可能性", description: "計画・予算・人員が事業内容に見合っているか", weight: 20, max_score: 5 },
  { name: "継続性・波及効果", description: "補助終了後も続き、ほかの地域に広がるか", weight: 20, max_score: 5 },
];
const FUTURE_CRITERIA = [
  { name: "テーマへの適合", description: "区が設定したテーマの解決に直接つながるか", weight: 25, max_score: 10 },
  { name: "新規性", description: "これまでにない手法・担い手を取り入れているか", weight: 25, max_score: 10 },
  { name: "区との協働", description: "担当課との役割分担と連携が具体的か", weight: 25, max_score: 10 },
  { name: "成果指標", description: "成果を測る指標と目標値が明確か", weight: 25, max_score: 10 },
];

const REVIEW_COMMENTS = [
  "地域の課題をよく捉えており、町会と連携団体の役割分担も具体的です。",
  "意欲的な計画ですが、予算の積算根拠をもう少し示してほしい。",
  "継続性に課題があります。補助終了後の運営体制を検討してください。",
  "若い世代を巻き込む工夫が評価できます。",
  "成果指標が抽象的です。参加者数など測れる目標を設定してください。",
  "他地域への波及が期待できる、モデルとなる取り組みです。",
];

function personName(i: number): string {
  return `${at(SURNAMES, i)[0]} ${at(GIVEN_NAMES, Math.floor(i / SURNAMES.length) + i)}`;
}

const tokyoYear = (d: Date) => Number(tokyoToday(d).slice(0, 4));
const reiwa = (d: Date) => tokyoYear(d) - 2018;
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY);
const isoDay = (d: Date) => tokyoToday(d);

// --- Rows ------------------------------------------------------------------------------------------

interface OrgSpec {
  name: string;
  kana: string;
  description: string;
  areas: string[];
  fields: string[];
}

const NUMBERS: [string, string][] = [
  ["第一", "ダイイチ"],
  ["第二", "ダイニ"],
  ["第三", "ダイサン"],
  ["第四", "ダイヨン"],
  ["第五", "ダイゴ"],
  ["", ""],
];
const DIRECTIONS: [string, string][] = [
  ["", ""],
  ["東", "ヒガシ"],
  ["西", "ニシ"],
  ["南", "ミナミ"],
  ["北", "キタ"],
];

/**
 * A realistic organisation, the `n`-th of its kind: district first, then the other parts in turn,
 * so names repeat only past a few thousand of a kind. About one in seven mentions 子ども食堂.
 */
function organizationSpec(kind: OrganizationKind, n: number, r: () => number): OrgSpec {
  const [district, districtKana, area] = at(DISTRICTS, n);
  const m = Math.floor(n / DISTRICTS.length);
  const [topic, topicKana, topicFields] = at(TOPICS, m);
  const [topic2, , topic2Fields] = at(TOPICS, n + 5);
  const variant = Math.floor(m / TOPICS.length);
  let name: string;
  let kana: string;
  switch (kind) {
    case "neighborhood_association": {
      const [chome, chomeKana] = at(CHOME, m);
      const [suffix, suffixKana] = at(
        [
          ["町会", "チョウカイ"],
          ["自治会", "ジチカイ"],
          ["町内会", "チョウナイカイ"],
        ],
        Math.floor(m / CHOME.length),
      );
      const [direction, directionKana] = at(DIRECTIONS, Math.floor(m / (CHOME.length * 3)));
      name = `${district}${chome}${direction}${suffix}`;
      kana = `${districtKana}${chomeKana}${directionKana}${suffixKana}`;
      break;
    }
    case "npo": {
      const [suffix, suffixKana] = at(
        [
          ["ネット", "ネット"],
          ["サポートセンター", "サポートセンター"],
          ["の会", "ノカイ"],
          ["協会", "キョウカイ"],
        ],
        variant,
      );
      name = `NPO法人 ${district}${topic}${suffix}`;
      kana = `${districtKana}${topicKana}${suffixKana}`;
      break;
    }
    case "volunteer_group":
      name = variant % 2 === 0 ? `${district}${topic}の会` : `${district}${topic}ボランティア`;
      kana = variant % 2 === 0 ? `${districtKana}${topicKana}ノカイ` : `${districtKana}${topicKana}ボランティア`;
      break;
    case "business": {
      const [surname, surnameKana] = at(SURNAMES, m);
      const [business, businessKana] = at(BUSINESSES, Math.floor(m / SURNAMES.length));
      name = `株式会社${surname}${business} ${district}店`;
      kana = `${surnameKana}${businessKana}${districtKana}テン`;
      break;
    }
    case "school_pta": {
      const [number, numberKana] = at(NUMBERS, m);
      const school = Math.floor(m / NUMBERS.length) % 2 === 0;
      const club = Math.floor(m / (NUMBERS.length * 2)) % 2 === 0;
      name = `練馬区立${district}${number}${school ? "小学校" : "中学校"}${club ? "PTA" : "おやじの会"}`;
      kana = `ネリマクリツ${districtKana}${numberKana}${school ? "ショウガッコウ" : "チュウガッコウ"}${club ? "ピーティーエー" : "オヤジノカイ"}`;
      break;
    }
    default:
      name = variant % 2 === 0 ? `${district}地区${topic}協議会` : `${district}${topic}実行委員会`;
      kana =
        variant % 2 === 0
          ? `${districtKana}チク${topicKana}キョウギカイ`
          : `${districtKana}${topicKana}ジッコウイインカイ`;
  }
  const members = 5 + Math.floor(r() * 400);
  const description =
    `${district}を中心に、${topic}と${topic2}に取り組んでいます。会員は約${members}名。` +
    `${r() < 0.5 ? "役員の高齢化が進み、若い世代の参加を求めています。" : "町会・自治会やNPOとの協働に関心があります。"}`;
  const fields = [...new Set([...topicFields, ...(r() < 0.5 ? topic2Fields : [])])];
  const areas = r() < 0.2 ? [area, "whole_ward"] : [area];
  return { name, kana, description, areas: [...new Set(areas)], fields };
}

interface ThemeRowInput {
  id: string;
  course: "collabo" | "future_creation";
  title: string;
  fields: string[];
  opensAt: Date;
  closesAt: Date;
  status: "draft" | "published" | "results_released" | "archived";
  releasedAt: Date | null;
  staffId: string;
  now: Date;
  reviewStages?: 1 | 2;
  hideNames?: boolean;
  awards?: number;
}

function themeRow(t: ThemeRowInput): Insertable<Database["themes"]> {
  const row = themeText(t);
  return { ...row, ...themeSearchColumns(row) };
}

function themeText(t: ThemeRowInput) {
  const collabo = t.course === "collabo";
  // Written three weeks and published a week before opening, or lately for a theme opening soon.
  const createdAt = new Date(Math.min(addDays(t.opensAt, -21).getTime(), addDays(t.now, -2).getTime()));
  const publishedAt =
    t.status === "draft"
      ? null
      : new Date(
          Math.max(createdAt.getTime(), Math.min(addDays(t.opensAt, -7).getTime(), addDays(t.now, -1).getTime())),
        );
  return {
    id: t.id,
    course_id: t.course,
    title: t.title,
    summary: `${t.title}に、地域の団体と区が協働して取り組む提案を募集します。`,
    background: "区内では担い手の高齢化と地域のつながりの希薄化が進み、行政だけでは解決が難しい課題が増えています。",
    expectations: collabo
      ? "町会・自治会とNPO・企業などが役割を分担し、1年間で成果の見える取り組みを期待します。"
      : "区の担当課と団体が3年間かけて、新しいしくみを区内に広げる提案を期待します。",
    department: collabo ? "区民部 協働推進課" : "企画部 企画課",
    contact: "協働推進課 協働推進係　電話 03-5984-1111（代表）",
    fields: t.fields,
    grant_cap_per_year: collabo ? 300_000 : 1_000_000,
    grant_cap_total: collabo ? 300_000 : 3_000_000,
    subsidy_rate_percent: 100,
    duration_years: collabo ? 1 : 3,
    awards_planned: t.awards ?? (collabo ? 5 : 1),
    reserved_slots: collabo ? 2 : 0,
    reserved_for_kind: collabo ? "neighborhood_association" : null,
    required_kinds: collabo ? ["neighborhood_association"] : [],
    min_organizations: collabo ? 2 : 1,
    declaration: "政治活動・宗教活動・選挙活動を目的とする団体ではありません。反社会的勢力とは関係ありません。",
    opens_at: t.opensAt,
    closes_at: t.closesAt,
    status: t.status,
    published_at: publishedAt,
    results_released_at: t.releasedAt,
    review_stages: t.reviewStages ?? 1,
    hide_names: t.hideNames ?? false,
    created_by: t.staffId,
    created_at: createdAt,
    updated_at: t.releasedAt ?? publishedAt ?? createdAt,
  };
}

function criteriaRows(themeId: string, course: string): Insertable<Database["theme_criteria"]>[] {
  return (course === "collabo" ? COLLABO_CRITERIA : FUTURE_CRITERIA).map((c, i) => ({
    id: randomUUID(),
    theme_id: themeId,
    position: i + 1,
    ...c,
  }));
}

function userRow(
  id: string,
  email: string,
  name: string,
  role: "member" | "reviewer" | "staff",
  passwordHash: string,
  createdAt: Date,
): Insertable<Database["users"]> {
  return {
    id,
    email,
    name,
    password_hash: passwordHash,
    role,
    email_verified_at: createdAt,
    // Agreed to the privacy policy in force, as every account signed up today has.
    privacy_version: privacyPolicyVersion(),
    privacy_agreed_at: createdAt,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/** The eight sections at version 1, empty, exactly as `startProposal` writes them. */
function emptySections(
  proposalId: string,
  userId: string | null,
  when: Date,
): Insertable<Database["proposal_sections"]>[] {
  return SECTIONS.map((section) => ({
    proposal_id: proposalId,
    section,
    content: JSON.stringify(EMPTY_SECTIONS[section]),
    version: 1,
    updated_by: userId,
    updated_at: when,
  }));
}

// --- The fixture -----------------------------------------------------------------------------------

/** Creates the three accounts, the big theme, the open theme and the drafts. Call once on an empty migrated database. */
export async function createBenchFixture(db: Kysely<Database>): Promise<BenchFixture> {
  const now = new Date();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const fixture: BenchFixture = {
    staffEmail: "bench-staff@example.jp",
    reviewerEmail: "bench-reviewer@example.jp",
    memberEmail: "bench-member@example.jp",
    bigThemeId: randomUUID(),
    openThemeId: randomUUID(),
    draftProposalIds: Array.from({ length: FIXTURE_DRAFTS }, () => randomUUID()),
    searchWord: SEARCH_WORD,
    organizationKind: "npo",
  };
  await db.transaction().execute(async (trx) => {
    const staffId = randomUUID();
    const reviewerId = randomUUID();
    const memberId = randomUUID();
    const since = addDays(now, -800);
    await insertRows(trx, "users", [
      userRow(staffId, fixture.staffEmail, "協働 推子（協働推進課）", "staff", passwordHash, since),
      userRow(reviewerId, fixture.reviewerEmail, "審査 一郎", "reviewer", passwordHash, since),
      userRow(memberId, fixture.memberEmail, "石神井 茂", "member", passwordHash, since),
    ]);

    // The member represents a 町会 and an NPO: the lead organisations of the drafts.
    const chokai = {
      id: randomUUID(),
      name: "石神井台三丁目町会",
      kana: "シャクジイダイサンチョウメチョウカイ",
      kind: "neighborhood_association" as const,
      description: "石神井台三丁目の約800世帯でつくる町会です。防災訓練、夏祭り、高齢者の見守りを続けています。",
    };
    const npo = {
      id: randomUUID(),
      name: "NPO法人 ねりま子ども食堂ネットワーク",
      kana: "ネリマコドモショクドウネットワーク",
      kind: "npo" as const,
      description: "区内5か所で子ども食堂と学習支援を運営しています。町会と連携した見守りに取り組みます。",
    };
    await insertRows(
      trx,
      "organizations",
      [chokai, npo].map((o) => ({
        id: o.id,
        name: o.name,
        name_kana: o.kana,
        kind: o.kind,
        areas: ["shakujii"],
        fields: o.kind === "npo" ? ["childcare", "welfare"] : ["disaster_safety", "elderly_support"],
        description: o.description,
        contact_email: fixture.memberEmail,
        contact_phone: "03-3995-0001",
        founded_year: o.kind === "npo" ? 2014 : 1962,
        member_count: o.kind === "npo" ? 120 : 800,
        verification_status: "verified" as const,
        verified_at: addDays(since, 7),
        created_by: memberId,
        created_at: since,
        updated_at: since,
        ...searchColumns(o.name, o.kana, o.description),
      })),
    );
    await insertRows(trx, "organization_members", [
      { organization_id: chokai.id, user_id: memberId, role: "representative", joined_at: since },
      { organization_id: npo.id, user_id: memberId, role: "representative", joined_at: since },
    ]);

    // The big theme: closed ten days ago, review round open, results not released.
    const bigCloses = endOfTokyoDay(isoDay(addDays(now, -10)));
    const bigOpens = addDays(bigCloses, -60);
    // The open theme: a 未来創造 call (one organisation may apply alone), open for two more months.
    const openCloses = endOfTokyoDay(isoDay(addDays(now, 60)));
    const openOpens = addDays(now, -10);
    await insertRows(trx, "themes", [
      themeRow({
        id: fixture.bigThemeId,
        course: "collabo",
        title: `地域の見守りと子どもの居場所をつなぐ協働事業（令和${reiwa(bigOpens)}年度）`,
        fields: ["elderly_support", "childcare", "community_development"],
        opensAt: bigOpens,
        closesAt: bigCloses,
        status: "published",
        releasedAt: null,
        staffId,
        now,
        awards: 30,
      }),
      themeRow({
        id: fixture.openThemeId,
        course: "future_creation",
        title: `防災と見守りをつなぐ地域のデジタル協働モデル（令和${reiwa(openOpens)}年度）`,
        fields: ["disaster_safety", "digital"],
        opensAt: openOpens,
        closesAt: openCloses,
        status: "published",
        releasedAt: null,
        staffId,
        now,
      }),
    ]);
    await insertRows(trx, "theme_criteria", [
      ...criteriaRows(fixture.bigThemeId, "collabo"),
      ...criteriaRows(fixture.openThemeId, "future_creation"),
    ]);
    await insertRows(trx, "theme_reviewers", [
      { theme_id: fixture.bigThemeId, user_id: reviewerId, assigned_by: staffId, assigned_at: bigCloses },
    ]);

    // Drafts just started, as `startProposal` leaves them: the lead accepted, eight empty sections at version 1.
    const drafts = fixture.draftProposalIds.map((id, i) => ({
      id,
      lead: i % 3 === 2 ? npo.id : chokai.id,
      at: new Date(openOpens.getTime() + ((i + 1) / (FIXTURE_DRAFTS + 1)) * (now.getTime() - openOpens.getTime())),
    }));
    await insertRows(
      trx,
      "proposals",
      drafts.map((d) => ({
        id: d.id,
        theme_id: fixture.openThemeId,
        lead_organization_id: d.lead,
        status: "draft" as const,
        created_by: memberId,
        created_at: d.at,
        updated_at: d.at,
      })),
    );
    await insertRows(
      trx,
      "proposal_partners",
      drafts.map((d) => ({
        proposal_id: d.id,
        organization_id: d.lead,
        role: "lead" as const,
        status: "accepted" as const,
        invited_by: memberId,
        invited_at: d.at,
        responded_by: memberId,
        responded_at: d.at,
      })),
    );
    await insertRows(
      trx,
      "proposal_sections",
      drafts.flatMap((d) => emptySections(d.id, memberId, d.at)),
    );
  });
  return fixture;
}

// --- Growing ---------------------------------------------------------------------------------------

type Category = "draft" | "upcoming" | "open" | "closed" | "released" | "archived";

const categoryOf = (phase: ThemePhase): Category => (phase === "results_released" ? "released" : phase);

/** The mix of states for themes added in order: every state early on, then mostly themes with proposals. */
const FIRST_THEMES: Category[] = ["released", "draft", "closed", "upcoming", "archived", "open"];
const THEME_CYCLE: Category[] = [
  "released",
  "closed",
  "open",
  "released",
  "closed",
  "open",
  "released",
  "upcoming",
  "draft",
  "archived",
];
/** Days since a released theme closed: some projects just started, some (one-year ones) finished. */
const RELEASED_AGES = [300, 75, 450, 160, 600, 220, 110, 380, 520, 260, 140, 640, 190, 340];
const themeCategory = (k: number): Category =>
  k < FIRST_THEMES.length ? FIRST_THEMES[k] : at(THEME_CYCLE, k - FIRST_THEMES.length);

const REVIEWABLE: ProposalStatus[] = ["submitted", "under_review", "funded", "not_funded"];

interface Grow {
  trx: Kysely<Database>;
  totals: BenchSizes;
  now: Date;
  today: string;
  staffId: string;
  fixtureReviewerId: string;
  memberId: string;
  bigThemeId: string;
  passwordHash: string;
  /** What the tables held when this call started. */
  counts: Record<
    "themes" | "organizations" | "listings" | "proposals" | "reviews" | "projects" | "milestones" | "audit",
    number
  >;
  random: () => number;
  /** The instant, or a minute ago if it would be in the future: nothing seeded has happened yet. */
  past: (d: Date) => Date;
}

interface ThemeInfo {
  id: string;
  category: Category;
  course: string;
  courseShort: string;
  opens: Date;
  closes: Date;
  releasedAt: Date | null;
  durationYears: number;
  capPerYear: number;
  capTotal: number;
  requiredKinds: string[];
  minOrganizations: number;
  reviewStages: number;
  criteria: { id: string; weight: number; maxScore: number }[];
}

interface OrgInfo {
  id: string;
  kind: string;
  verified: boolean;
  rep: string | null;
}

interface PlannedMilestone {
  title: string;
  date: string;
  deliverable: string;
}

interface NewProposal {
  id: string;
  theme: ThemeInfo;
  /** Its place among its theme's proposals: the status mix follows it. */
  ordinal: number;
  status: ProposalStatus;
  lead: OrgInfo;
  partners: { org: OrgInfo; status: "invited" | "accepted" | "declined" }[];
  title: string;
  summary: string;
  requested: number;
  quality: number;
  createdAt: Date;
  submittedAt: Date | null;
  withdrawnAt: Date | null;
  receipt: string | null;
  advanced: boolean;
  decision: { decision: "funded" | "not_funded"; amount: number } | null;
  milestones: PlannedMilestone[];
}

/** A proposal's merit, fixed by its id: its reviewers' scores and the funding decision follow it. */
const qualityOf = (proposalId: string) => 0.25 + 0.55 * unit(proposalId);

/**
 * Brings the database UP TO these totals (counts what exists and adds the difference), so it can be
 * called first with SMALL_SIZES and later with FULL_SIZES to grow the same database.
 */
export async function growBenchData(db: Kysely<Database>, fixture: BenchFixture, totals: BenchSizes): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const g = await startGrowing(trx, fixture, totals);
    const pool = await growReviewerPool(g);
    await growThemes(g);
    const themes = await loadThemes(g);
    const panels = await fillPanels(g, themes, pool);
    await growOrganizations(g);
    const organizations = await loadOrganizations(g);
    await growListings(g, themes, organizations);
    const funded = await growProposals(g, themes, organizations);
    await growProjects(g, funded);
    await growReviews(g, themes, panels);
    await growAuditLog(g);
  });
  // What autovacuum does to a live database: statistics for the planner, and the visibility map
  // that lets index-only scans skip the table. A bulk load leaves neither.
  await sql`vacuum analyze`.execute(db);
}

async function startGrowing(trx: Kysely<Database>, fixture: BenchFixture, totals: BenchSizes): Promise<Grow> {
  const now = new Date();
  const people = await trx
    .selectFrom("users")
    .select(["id", "email", "password_hash"])
    .where("email", "in", [fixture.staffEmail, fixture.reviewerEmail, fixture.memberEmail])
    .execute();
  const idOf = (email: string) => {
    const row = people.find((p) => p.email === email);
    if (!row) throw new Error(`bench seed: ${email} is missing; call createBenchFixture first`);
    return row.id;
  };
  const counts = {
    themes: await countOf(trx, "themes"),
    organizations: await countOf(trx, "organizations"),
    listings: await countOf(trx, "partner_listings"),
    proposals: await countOf(trx, "proposals"),
    reviews: await countOf(trx, "reviews"),
    projects: await countOf(trx, "projects"),
    milestones: await countOf(trx, "milestones"),
    audit: await countOf(trx, "audit_log"),
  };
  if (totals.proposalsInBigTheme > totals.proposals)
    throw new Error("bench seed: the big theme cannot hold more than all proposals");
  return {
    trx,
    totals,
    now,
    today: tokyoToday(now),
    staffId: idOf(fixture.staffEmail),
    fixtureReviewerId: idOf(fixture.reviewerEmail),
    memberId: idOf(fixture.memberEmail),
    bigThemeId: fixture.bigThemeId,
    // The one hash the fixture computed with the app's own function: every bulk account shares the password.
    passwordHash: people[0].password_hash,
    counts,
    random: prng(counts.proposals * 7919 + counts.organizations * 31 + counts.themes),
    past: (d: Date) => (d.getTime() < now.getTime() - 60_000 ? d : new Date(now.getTime() - 60_000)),
  };
}

/** Reviewer accounts: about fifty at full size, never fewer than one theme's panel. */
async function growReviewerPool(g: Grow): Promise<string[]> {
  const target = Math.min(50, Math.max(REVIEWERS_PER_THEME, Math.ceil(g.totals.reviews / 1000)));
  const pool = (
    await g.trx
      .selectFrom("users")
      .select("id")
      .where("role", "=", "reviewer")
      .where("id", "!=", g.fixtureReviewerId)
      .orderBy("email")
      .execute()
  ).map((u) => u.id);
  const first = pool.length + 1;
  const rows = Array.from({ length: Math.max(0, target - pool.length) }, (_, j) => {
    const n = first + j;
    const email = `bench-reviewer-${String(n).padStart(3, "0")}@example.jp`;
    return userRow(randomUUID(), email, personName(n * 5 + 3), "reviewer", g.passwordHash, addDays(g.now, -700));
  });
  await insertRows(g.trx, "users", rows);
  return [...pool, ...rows.map((u) => u.id)];
}

async function growThemes(g: Grow): Promise<void> {
  const rows: Insertable<Database["themes"]>[] = [];
  const criteria: Insertable<Database["theme_criteria"]>[] = [];
  for (let j = 0; j < g.totals.themes - g.counts.themes; j++) {
    const k = Math.max(0, g.counts.themes - 2) + j;
    const category = themeCategory(k);
    const course = k % 2 === 0 ? "collabo" : "future_creation";
    const [topic, fields] = at(THEME_TOPICS, k);
    let opens: Date;
    let closes: Date;
    let releasedAt: Date | null = null;
    if (category === "released") {
      closes = endOfTokyoDay(isoDay(addDays(g.now, -at(RELEASED_AGES, k))));
      opens = addDays(closes, -50);
      releasedAt = addDays(closes, 30);
    } else if (category === "closed") {
      closes = endOfTokyoDay(isoDay(addDays(g.now, -(3 + 4 * (k % 5)))));
      opens = addDays(closes, -50);
    } else if (category === "open") {
      opens = addDays(g.now, -(5 + (k % 20)));
      closes = endOfTokyoDay(isoDay(addDays(g.now, 20 + (k % 40))));
    } else if (category === "archived") {
      closes = endOfTokyoDay(isoDay(addDays(g.now, -(500 + 30 * (k % 7)))));
      opens = addDays(closes, -45);
    } else {
      opens = addDays(g.now, 10 + (k % 30));
      closes = endOfTokyoDay(isoDay(addDays(opens, 45)));
    }
    const round = Math.floor(k / THEME_TOPICS.length);
    const id = randomUUID();
    const status = ({ draft: "draft", released: "results_released", archived: "archived" } as const)[
      category as "draft" | "released" | "archived"
    ];
    rows.push(
      themeRow({
        id,
        course,
        title: `${topic}（令和${reiwa(opens)}年度${round > 0 ? `・第${round + 1}期` : ""}）`,
        fields,
        opensAt: opens,
        closesAt: closes,
        status: status ?? "published",
        releasedAt,
        staffId: g.staffId,
        now: g.now,
        reviewStages: course === "future_creation" && category === "released" ? 2 : 1,
        hideNames: course === "future_creation" && k % 4 === 1,
      }),
    );
    criteria.push(...criteriaRows(id, course));
  }
  await insertRows(g.trx, "themes", rows);
  await insertRows(g.trx, "theme_criteria", criteria);
}

async function loadThemes(g: Grow): Promise<ThemeInfo[]> {
  const rows = await g.trx
    .selectFrom("themes as t")
    .innerJoin("courses as c", "c.id", "t.course_id")
    .select([
      "t.id",
      "t.status",
      "t.opens_at",
      "t.closes_at",
      "t.course_id",
      "c.short_name",
      "t.results_released_at",
      "t.duration_years",
      "t.grant_cap_per_year",
      "t.grant_cap_total",
      "t.required_kinds",
      "t.min_organizations",
      "t.review_stages",
    ])
    .orderBy("t.created_at")
    .orderBy("t.id")
    .execute();
  const criteria = await g.trx
    .selectFrom("theme_criteria")
    .select(["id", "theme_id", "weight", "max_score"])
    .orderBy("theme_id")
    .orderBy("position")
    .execute();
  const themes = rows.map((t) => ({
    id: t.id,
    category: categoryOf(themePhase(t, g.now)),
    course: t.course_id,
    courseShort: t.short_name,
    opens: t.opens_at,
    closes: t.closes_at,
    releasedAt: t.results_released_at,
    durationYears: t.duration_years,
    capPerYear: t.grant_cap_per_year,
    capTotal: t.grant_cap_total,
    requiredKinds: t.required_kinds,
    minOrganizations: t.min_organizations,
    reviewStages: t.review_stages,
    criteria: criteria
      .filter((c) => c.theme_id === t.id)
      .map((c) => ({ id: c.id, weight: c.weight, maxScore: c.max_score })),
  }));
  if (!themes.some((t) => t.id === g.bigThemeId)) throw new Error("bench seed: the fixture's big theme is missing");
  return themes;
}

/** Twelve reviewers from the pool on each theme under review or decided (the fixture reviewer is extra). */
async function fillPanels(g: Grow, themes: ThemeInfo[], pool: string[]): Promise<Map<string, string[]>> {
  const panels = new Map<string, string[]>();
  for (const row of await g.trx.selectFrom("theme_reviewers").select(["theme_id", "user_id"]).execute()) {
    panels.set(row.theme_id, [...(panels.get(row.theme_id) ?? []), row.user_id]);
  }
  const rows: Insertable<Database["theme_reviewers"]>[] = [];
  for (const t of themes) {
    if (t.category !== "closed" && t.category !== "released") continue;
    const panel = panels.get(t.id) ?? [];
    const offset = Math.floor(unit(t.id) * pool.length);
    for (let i = 0; i < pool.length; i++) {
      if (panel.filter((u) => u !== g.fixtureReviewerId).length >= REVIEWERS_PER_THEME) break;
      const candidate = pool[(offset + i) % pool.length];
      if (panel.includes(candidate)) continue;
      panel.push(candidate);
      rows.push({ theme_id: t.id, user_id: candidate, assigned_by: g.staffId, assigned_at: t.closes });
    }
    panels.set(t.id, panel);
  }
  await insertRows(g.trx, "theme_reviewers", rows);
  return panels;
}

const ORGANIZATION_MIX: OrganizationKind[] = [
  "neighborhood_association",
  "npo",
  "volunteer_group",
  "neighborhood_association",
  "business",
  "school_pta",
  "npo",
  "other",
];

/** Organisations, each with a representative (every fourth with a second member); one in seven unverified or returned. */
async function growOrganizations(g: Grow): Promise<void> {
  const organizations: Insertable<Database["organizations"]>[] = [];
  const users: Insertable<Database["users"]>[] = [];
  const members: Insertable<Database["organization_members"]>[] = [];
  for (let j = 0; j < g.totals.organizations - g.counts.organizations; j++) {
    const i = g.counts.organizations + j;
    const kind = at(ORGANIZATION_MIX, i);
    // Its place among the organisations of its kind, counting over the fixed mix of kinds.
    const cycle = Math.floor(i / ORGANIZATION_MIX.length);
    const slot = i % ORGANIZATION_MIX.length;
    const perCycle = ORGANIZATION_MIX.filter((k) => k === kind).length;
    const before = ORGANIZATION_MIX.slice(0, slot).filter((k) => k === kind).length;
    const spec = organizationSpec(kind, cycle * perCycle + before, g.random);
    const id = randomUUID();
    const repId = randomUUID();
    const created = addDays(g.now, -(30 + Math.floor(g.random() * 1000)));
    const status = i % 20 < 2 ? "unverified" : i % 20 === 2 ? "returned" : "verified";
    const email = `bench-org${i}@example.jp`;
    users.push(userRow(repId, email, personName(i), "member", g.passwordHash, created));
    members.push({ organization_id: id, user_id: repId, role: "representative", joined_at: created });
    if (i % 4 === 0) {
      const memberId = randomUUID();
      users.push(userRow(memberId, `bench-org${i}-m@example.jp`, personName(i + 7), "member", g.passwordHash, created));
      members.push({ organization_id: id, user_id: memberId, role: "member", joined_at: addDays(created, 3) });
    }
    organizations.push({
      id,
      name: spec.name,
      name_kana: spec.kana,
      kind,
      areas: spec.areas,
      fields: spec.fields,
      description: spec.description,
      contact_email: email,
      contact_phone: i % 3 === 0 ? `03-${3900 + (i % 100)}-${String(i % 10000).padStart(4, "0")}` : null,
      website: i % 5 < 2 ? `https://example.jp/org${i}` : null,
      founded_year: 1950 + (i % 75),
      member_count: 5 + (i % 400),
      verification_status: status,
      verification_note: status === "returned" ? "活動内容が確認できる資料（会則など）を添付してください。" : null,
      verified_at: status === "verified" ? addDays(created, 7) : null,
      created_by: repId,
      created_at: created,
      updated_at: created,
      ...searchColumns(spec.name, spec.kana, spec.description),
    });
  }
  await insertRows(g.trx, "users", users);
  await insertRows(g.trx, "organizations", organizations);
  await insertRows(g.trx, "organization_members", members);
}

/** Every organisation with a representative, except the fixture member's own (only the drafts use them). */
async function loadOrganizations(g: Grow): Promise<OrgInfo[]> {
  const rows = await sql<{ id: string; kind: string; verification_status: string; rep: string | null }>`
    select o.id, o.kind, o.verification_status,
      (select m.user_id from organization_members m
        where m.organization_id = o.id and m.role = 'representative' order by m.joined_at, m.user_id limit 1) as rep
    from organizations o
    where not exists (select 1 from organization_members f where f.organization_id = o.id and f.user_id = ${g.memberId})
    order by o.created_at, o.id`.execute(g.trx);
  return rows.rows.map((o) => ({
    id: o.id,
    kind: o.kind,
    verified: o.verification_status === "verified",
    rep: o.rep,
  }));
}

/** The partner board: mostly open listings, one in ten closed, one in ten past its end date. */
async function growListings(g: Grow, themes: ThemeInfo[], organizations: OrgInfo[]): Promise<void> {
  if (organizations.length === 0) return;
  const listingThemes = themes.filter((t) => t.category === "open" || t.category === "upcoming");
  const rows: Insertable<Database["partner_listings"]>[] = [];
  for (let j = 0; j < g.totals.listings - g.counts.listings; j++) {
    const i = g.counts.listings + j;
    const org = pick(organizations, g.random());
    const [topic, , fields] = at(TOPICS, i);
    const [seek] = at(TOPICS, i + 4);
    const [district, , area] = at(DISTRICTS, i * 7);
    const title = `${topic}をいっしょに進める仲間を募集（${district}）`;
    const offers = `${district}で${topic}の活動を続けてきた経験と、会場や道具があります。`;
    const seeks = `${seek}に取り組む団体や、若い世代のボランティアを探しています。`;
    const kind = i % 10;
    const created = kind === 1 ? addDays(g.now, -(200 + (i % 100))) : addDays(g.now, -(1 + (i % 120)));
    const endsOn =
      kind === 1 ? isoDay(addDays(created, 60)) : isoDay(addDays(g.now, 10 + Math.floor(g.random() * 200)));
    const closedAt = kind === 0 ? g.past(addDays(created, 10)) : null;
    rows.push({
      id: randomUUID(),
      organization_id: org.id,
      title,
      offers,
      seeks,
      areas: [area],
      fields,
      theme_id: listingThemes.length && i % 3 === 0 ? at(listingThemes, i).id : null,
      ends_at: endOfTokyoDay(endsOn),
      closed_at: closedAt,
      created_by: org.rep,
      created_at: created,
      updated_at: closedAt ?? created,
      ...searchColumns(title, offers, seeks),
    });
  }
  await insertRows(g.trx, "partner_listings", rows);
}

/**
 * How many new proposals each theme gets: the big theme up to its size, the rest by weight (released
 * themes hold the most), with enough on released themes for the projects still to come.
 */
function allocateProposals(
  g: Grow,
  proposalThemes: ThemeInfo[],
  existing: (t: ThemeInfo) => number,
  rest: number,
): number[] {
  const weightOf = (t: ThemeInfo) => (t.category === "released" ? 3 : 2);
  const weightSum = proposalThemes.reduce((s, t) => s + weightOf(t), 0);
  const base = Math.max(0, g.totals.proposals - g.totals.proposalsInBigTheme);
  const deficits = proposalThemes.map((t) => Math.max(0, (base * weightOf(t)) / Math.max(1, weightSum) - existing(t)));
  const allocation = apportion(rest, deficits.some((d) => d > 0) ? deficits : proposalThemes.map(weightOf));
  const released = proposalThemes.map((t, i) => (t.category === "released" ? i : -1)).filter((i) => i >= 0);
  const projectsNeeded = Math.max(0, g.totals.projects - g.counts.projects);
  if (projectsNeeded > 0 && released.length === 0)
    throw new Error("bench seed: projects need a theme with released results (raise `themes`)");
  // One in ten proposals of a released theme is a draft or withdrawn; a quarter more leaves some not funded.
  const wanted = Math.min(rest, Math.ceil((projectsNeeded * 1.25) / 0.9) + 2 * released.length);
  const have = released.reduce((s, i) => s + allocation[i], 0);
  let moved = 0;
  const donors = proposalThemes.map((_, i) => i).filter((i) => !released.includes(i));
  while (have + moved < wanted) {
    const donor = donors.reduce((best, i) => (best < 0 || allocation[i] > allocation[best] ? i : best), -1);
    if (donor < 0 || allocation[donor] === 0) break;
    allocation[donor] -= 1;
    moved += 1;
  }
  apportion(
    moved,
    released.map(() => 1),
  ).forEach((n, j) => {
    allocation[released[j]] += n;
  });
  return allocation;
}

/** A new proposal whose status fits its theme's phase: drafts and submissions while open, decisions once released. */
function makeProposal(g: Grow, t: ThemeInfo, ordinal: number, organizations: OrgInfo[]): NewProposal {
  const r = g.random;
  const slot = ordinal % 20;
  let status: ProposalStatus;
  if (t.id === g.bigThemeId) status = "submitted";
  else if (t.category === "open") status = slot < 9 ? "draft" : slot < 19 ? "submitted" : "withdrawn";
  else if (slot === 0) status = "draft";
  else if (slot === 1) status = "withdrawn";
  else status = t.category === "released" ? "not_funded" : "submitted";
  const draft = status === "draft";
  const verified = organizations.filter((o) => o.verified);
  if (verified.length === 0) throw new Error("bench seed: proposals need verified organisations");
  // A proposal's lead must be verified; collabo themes need a 町会・自治会 on the team.
  const lead = pick(verified, r());
  const partners: NewProposal["partners"] = [];
  const used = new Set([lead.id]);
  const addPartner = (pool: OrgInfo[], partnerStatus: "invited" | "accepted" | "declined") => {
    for (let tries = 0; tries < 8 && pool.length; tries++) {
      const org = pick(pool, r());
      if (used.has(org.id)) continue;
      used.add(org.id);
      partners.push({ org, status: partnerStatus });
      return;
    }
  };
  const needsAssociation =
    t.requiredKinds.includes("neighborhood_association") && lead.kind !== "neighborhood_association";
  const partnerCount = t.minOrganizations >= 2 || needsAssociation ? (r() < 0.2 ? 2 : 1) : r() < 0.5 ? 1 : 0;
  for (let n = 0; n < partnerCount; n++) {
    const pool =
      n === 0 && needsAssociation ? organizations.filter((o) => o.kind === "neighborhood_association") : organizations;
    addPartner(pool, draft && n === 0 && r() < 0.5 ? "invited" : "accepted");
  }
  if (!draft && r() < 0.05) addPartner(organizations, "declined");
  const [district] = pick(DISTRICTS, r());
  const phrase = pick(PROPOSAL_PHRASES, r());
  const capByRule = Math.min(t.capTotal, t.capPerYear * t.durationYears);
  const requested =
    t.course === "collabo"
      ? Math.min(capByRule, 100_000 + 10_000 * Math.floor(r() * 21))
      : Math.min(capByRule, 500_000 + 100_000 * Math.floor(r() * 26));
  const windowEnd = Math.min(t.closes.getTime(), g.now.getTime() - 60_000);
  const span = Math.max(3600_000, windowEnd - t.opens.getTime());
  const submittedAt = draft ? null : new Date(t.opens.getTime() + span * (0.3 + 0.7 * r()));
  const createdAt = submittedAt
    ? new Date(Math.max(t.opens.getTime(), submittedAt.getTime() - (3 + r() * 20) * DAY))
    : new Date(t.opens.getTime() + span * r());
  const withdrawnAt =
    status === "withdrawn" && submittedAt
      ? new Date(submittedAt.getTime() + (windowEnd - submittedAt.getTime()) * 0.5)
      : null;
  const id = randomUUID();
  return {
    id,
    theme: t,
    ordinal,
    status,
    lead,
    partners,
    title: r() < 0.5 ? `${district}で進める${phrase}` : `${phrase}（${district}地区）`,
    summary: `${district}の町会・自治会と地域の団体が協力し、${phrase}に取り組みます。`,
    requested,
    quality: qualityOf(id),
    createdAt,
    submittedAt,
    withdrawnAt,
    receipt: null,
    advanced: false,
    decision: null,
    milestones: [],
  };
}

const MILESTONE_TITLES = [
  "キックオフ会議の開催",
  "参加者募集と説明会",
  "第1回活動の実施",
  "中間報告",
  "活動の拡充",
  "成果発表会",
];

/** Proposals with their teams, sections, decisions and receipt numbers; returns the newly funded ones. */
async function growProposals(g: Grow, themes: ThemeInfo[], organizations: OrgInfo[]): Promise<NewProposal[]> {
  const big = themes.find((t) => t.id === g.bigThemeId)!;
  const proposalThemes = themes.filter(
    (t) => t.id !== big.id && (t.category === "open" || t.category === "closed" || t.category === "released"),
  );
  const perTheme = new Map<string, number>();
  for (const row of await g.trx
    .selectFrom("proposals")
    .select(["theme_id", (eb) => eb.fn.countAll<number>().as("n")])
    .groupBy("theme_id")
    .execute()) {
    perTheme.set(row.theme_id, Number(row.n));
  }
  const existing = (t: ThemeInfo) => perTheme.get(t.id) ?? 0;
  const needed = Math.max(0, g.totals.proposals - g.counts.proposals);
  const bigNew = Math.min(needed, Math.max(0, g.totals.proposalsInBigTheme - existing(big)));
  const allocation = allocateProposals(g, proposalThemes, existing, needed - bigNew);
  const proposals: NewProposal[] = [];
  for (let j = 0; j < bigNew; j++) proposals.push(makeProposal(g, big, existing(big) + j, organizations));
  proposalThemes.forEach((t, i) => {
    for (let j = 0; j < allocation[i]; j++) proposals.push(makeProposal(g, t, existing(t) + j, organizations));
  });

  // On released themes the best new proposals are funded, as many as projects are still wanted.
  const projectsNeeded = Math.max(0, g.totals.projects - g.counts.projects);
  const decided = proposalThemes
    .filter((t) => t.category === "released")
    .map((t) =>
      proposals.filter((p) => p.theme === t && p.status === "not_funded").sort((a, b) => b.quality - a.quality),
    );
  const available = decided.reduce((s, list) => s + list.length, 0);
  if (projectsNeeded > available)
    throw new Error(`bench seed: ${projectsNeeded} projects need as many decided proposals, ${available} fit`);
  const funded: NewProposal[] = [];
  apportion(
    projectsNeeded,
    decided.map((list) => list.length),
  ).forEach((n, i) => {
    for (const p of decided[i].slice(0, n)) {
      p.status = "funded";
      funded.push(p);
    }
  });
  for (const p of proposals) {
    const t = p.theme;
    if (p.status === "funded" || p.status === "not_funded") {
      const share = g.random() < 0.7 ? 1 : 0.9;
      const amount = p.status === "funded" ? Math.floor((p.requested * share) / 10_000) * 10_000 : 0;
      p.decision = { decision: p.status, amount };
      p.advanced = t.reviewStages === 2 && (p.status === "funded" || p.quality > 0.65);
    } else if (t.category === "closed" && t !== big && p.status === "submitted" && p.ordinal % 4 === 0) {
      // Staff have started recording decisions on a theme still under review.
      p.decision =
        p.quality > 0.6 ? { decision: "funded", amount: p.requested } : { decision: "not_funded", amount: 0 };
    }
  }

  // Receipt numbers continue each year-and-course counter, in order of submission.
  const counters = new Map(
    (await g.trx.selectFrom("receipt_counters").select(["prefix", "last_number"]).execute()).map((c) => [
      c.prefix,
      c.last_number,
    ]),
  );
  const submitted = proposals.filter((p) => p.submittedAt !== null);
  submitted.sort((a, b) => a.submittedAt!.getTime() - b.submittedAt!.getTime());
  for (const p of submitted) {
    const prefix = receiptPrefix(p.submittedAt!, p.theme.courseShort);
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    p.receipt = receiptNumber(prefix, n);
  }

  // The milestones are planned now, so each funded proposal's schedule lists its project's milestones.
  const milestonesNeeded = Math.max(0, g.totals.milestones - g.counts.milestones);
  const perProject = apportion(
    funded.length ? milestonesNeeded : 0,
    funded.map(() => 0.6 + 0.8 * g.random()),
  );
  funded.forEach((p, i) => {
    const count = perProject[i];
    const start = p.theme.releasedAt ?? addDays(p.theme.closes, 30);
    const length = p.theme.durationYears * 365;
    p.milestones = Array.from({ length: count }, (_, m) => ({
      title: m === count - 1 ? "完了報告" : m < MILESTONE_TITLES.length ? MILESTONE_TITLES[m] : `第${m - 1}回活動報告`,
      date: isoDay(addDays(start, Math.round((length * (m + 1)) / (count + 1)))),
      deliverable: m === count - 1 ? "完了報告書と会計報告" : "活動記録と写真、参加者数",
    }));
  });

  const proposalRows: Insertable<Database["proposals"]>[] = [];
  const partnerRows: Insertable<Database["proposal_partners"]>[] = [];
  const sectionRows: Insertable<Database["proposal_sections"]>[] = [];
  const decisionRows: Insertable<Database["decisions"]>[] = [];
  for (const p of proposals) {
    const leadUser = p.lead.rep;
    const touched = p.withdrawnAt ?? p.submittedAt ?? p.createdAt;
    // Partners answered before the proposal was submitted (drafts: some time since they started).
    const until = (p.submittedAt ?? g.now).getTime();
    const invitedAt = new Date(p.createdAt.getTime() + (until - p.createdAt.getTime()) * 0.2);
    const answeredAt = new Date(p.createdAt.getTime() + (until - p.createdAt.getTime()) * 0.5);
    const emptyDraft = p.status === "draft" && p.ordinal % 3 === 0;
    proposalRows.push({
      id: p.id,
      theme_id: p.theme.id,
      lead_organization_id: p.lead.id,
      status: p.status,
      title: emptyDraft ? "" : p.title,
      requested_amount: p.status === "draft" ? 0 : p.requested,
      receipt_number: p.receipt,
      advanced: p.advanced,
      submitted_at: p.submittedAt,
      submitted_by: p.submittedAt ? leadUser : null,
      withdrawn_at: p.withdrawnAt,
      created_by: leadUser,
      created_at: p.createdAt,
      updated_at: p.theme.releasedAt ?? touched,
    });
    partnerRows.push({
      proposal_id: p.id,
      organization_id: p.lead.id,
      role: "lead",
      status: "accepted",
      invited_by: leadUser,
      invited_at: p.createdAt,
      responded_by: leadUser,
      responded_at: p.createdAt,
    });
    for (const partner of p.partners) {
      partnerRows.push({
        proposal_id: p.id,
        organization_id: partner.org.id,
        role: "partner",
        status: partner.status,
        invited_by: leadUser,
        invited_at: invitedAt,
        responded_by: partner.status === "invited" ? null : partner.org.rep,
        responded_at: partner.status === "invited" ? null : answeredAt,
      });
    }
    if (emptyDraft) {
      sectionRows.push(...emptySections(p.id, leadUser, p.createdAt));
    } else {
      const content = sectionsOf(p);
      for (const section of SECTIONS) {
        // A draft is half written: its first sections saved once or twice, the rest still empty.
        const written = p.status !== "draft" || SECTIONS.indexOf(section) < 3;
        sectionRows.push({
          proposal_id: p.id,
          section,
          content: JSON.stringify(written ? content[section] : EMPTY_SECTIONS[section]),
          version: written ? 2 + (p.ordinal % 2) : 1,
          updated_by: leadUser,
          updated_at: written ? touched : p.createdAt,
        });
      }
    }
    if (p.decision) {
      const fundedOne = p.decision.decision === "funded";
      decisionRows.push({
        proposal_id: p.id,
        decision: p.decision.decision,
        amount: p.decision.amount,
        conditions: fundedOne && p.ordinal % 3 === 0 ? "参加者アンケートの結果を中間報告に添付すること。" : "",
        feedback: fundedOne
          ? "地域の課題に即した、協働の体制がしっかりした提案でした。"
          : "意義のある提案でしたが、実現可能性と継続性の点でほかの提案が上回りました。",
        decided_by: g.staffId,
        decided_at: g.past(addDays(p.theme.closes, 20)),
      });
    }
  }
  await insertRows(g.trx, "proposals", proposalRows);
  await insertRows(g.trx, "proposal_partners", partnerRows);
  await insertRows(g.trx, "proposal_sections", sectionRows);
  await insertRows(g.trx, "decisions", decisionRows);
  if (counters.size) {
    await g.trx
      .insertInto("receipt_counters")
      .values([...counters].map(([prefix, last_number]) => ({ prefix, last_number })))
      .onConflict((oc) =>
        oc
          .column("prefix")
          .doUpdateSet({ last_number: sql`greatest(receipt_counters.last_number, excluded.last_number)` }),
      )
      .execute();
  }
  return funded;
}

type MilestoneState = "planned" | "submitted" | "returned" | "approved";
const PAST_DUE_STATES: MilestoneState[] = [
  "approved",
  "approved",
  "submitted",
  "approved",
  "returned",
  "approved",
  "planned",
  "approved",
  "approved",
  "approved",
];

/** Projects of the funded proposals, their milestones in every state, reports, reminders and continuations. */
async function growProjects(g: Grow, funded: NewProposal[]): Promise<void> {
  const projects: Insertable<Database["projects"]>[] = [];
  const milestones: Insertable<Database["milestones"]>[] = [];
  const reports: Insertable<Database["milestone_reports"]>[] = [];
  const reminders: Insertable<Database["milestone_reminders"]>[] = [];
  const continuations: Insertable<Database["project_continuations"]>[] = [];
  // States by turn rather than by chance, so even a small database has each of them.
  const turn = { past: 0, future: 0, excerpt: 0 };
  const addMilestones = (
    project: { id: string; status: "active" | "completed" | "stopped"; allApproved: boolean },
    reporter: string | null,
    spent: number,
    planned: (PlannedMilestone & { position: number })[],
  ) => {
    for (const m of planned) {
      const id = randomUUID();
      const due = endOfTokyoDay(m.date);
      const people = 10 + Math.floor(unit(id) * 90);
      const pastDue = m.date < g.today;
      let status: MilestoneState;
      if (project.allApproved) status = "approved";
      else if (pastDue && project.status === "stopped") status = turn.past++ % 2 === 0 ? "approved" : "planned";
      else if (pastDue) status = at(PAST_DUE_STATES, turn.past++);
      else status = m.date <= isoDay(addDays(g.now, 45)) && turn.future++ % 3 === 0 ? "submitted" : "planned";
      const decidedAt = g.past(addDays(due, 3));
      const reportedAt = new Date(Math.min(addDays(due, -2).getTime(), decidedAt.getTime() - 3600_000));
      milestones.push({
        id,
        project_id: project.id,
        position: m.position,
        title: m.title,
        due_on: m.date,
        deliverable: m.deliverable,
        status,
        approved_at: status === "approved" ? decidedAt : null,
      });
      const report = (state: "submitted" | "returned" | "approved", submittedAt: Date, decided: Date | null) => ({
        id: randomUUID(),
        milestone_id: id,
        body: `${m.title}を実施しました。参加者は${people}名でした。記録と写真を添付します。`,
        public_excerpt:
          state === "approved" && turn.excerpt++ % 5 < 3 ? `${m.title}に地域の${people}名が参加しました。` : "",
        spent,
        status: state,
        staff_comment:
          state === "returned"
            ? "参加者数の内訳と領収書の写しを添えて、もう一度提出してください。"
            : state === "approved"
              ? "確認しました。"
              : "",
        submitted_by: reporter,
        submitted_at: submittedAt,
        decided_by: decided ? g.staffId : null,
        decided_at: decided,
      });
      if (status === "approved") {
        // One in five was returned once before it was approved.
        if (turn.past % 5 === 1) reports.push(report("returned", addDays(reportedAt, -7), addDays(reportedAt, -4)));
        reports.push(report("approved", reportedAt, decidedAt));
      } else if (status === "submitted") {
        reports.push(report("submitted", pastDue ? reportedAt : g.past(addDays(g.now, -(1 + unit(id) * 4))), null));
      } else if (status === "returned") {
        reports.push(report("returned", addDays(reportedAt, -3), decidedAt));
      }
      if (pastDue && (status === "planned" || status === "returned") && project.status === "active") {
        // The reminders the server would have sent already, so a fresh server does not send them all at once.
        reminders.push({ milestone_id: id, kind: "week", sent_at: addDays(due, -7) });
        reminders.push({ milestone_id: id, kind: "day", sent_at: addDays(due, -1) });
        reminders.push({ milestone_id: id, kind: "overdue", sent_at: g.past(addDays(due, 1)) });
      }
    }
  };

  funded.forEach((p, i) => {
    const t = p.theme;
    const id = randomUUID();
    const start = t.releasedAt ?? addDays(t.closes, 30);
    const ended = addDays(start, t.durationYears * 365) < g.now;
    let status: "active" | "completed" | "stopped" = "active";
    let finalStatus: "none" | "submitted" | "returned" | "accepted" = "none";
    if (ended) {
      if (i % 10 < 6) {
        status = "completed";
        finalStatus = "accepted";
      } else if (i % 10 === 6) finalStatus = "submitted";
      else if (i % 10 === 7) finalStatus = "returned";
    } else if (t.durationYears > 1 && i % 15 === 0 && addDays(start, 365) < g.now) {
      status = "stopped";
    }
    const amount = p.decision?.amount ?? p.requested;
    projects.push({
      id,
      proposal_id: p.id,
      theme_id: t.id,
      title: p.title,
      summary: p.summary,
      grant_amount: amount,
      status,
      final_report:
        finalStatus === "none"
          ? null
          : JSON.stringify({
              outcomes: [{ indicator: "活動への延べ参加者数", target: "300人", achieved: `${250 + (i % 150)}人` }],
              spending: [{ item: "会場使用料・講師謝金", planned: amount, spent: Math.floor(amount * 0.95) }],
              selfEvaluation: "目標をおおむね達成しました。町会の新しい担い手が5人増え、来年度も自主財源で続けます。",
            }),
      final_status: finalStatus,
      final_comment:
        finalStatus === "accepted"
          ? "完了報告を受理しました。"
          : finalStatus === "returned"
            ? "支出の内訳を補ってください。"
            : "",
      created_at: start,
    });
    if (t.durationYears > 1 && addDays(start, 365) < g.now) {
      continuations.push({
        project_id: id,
        year: 2,
        decision: status === "stopped" ? "stop" : "continue",
        note: status === "stopped" ? "計画どおりの活動が難しいため、2年目は継続しないこととしました。" : "",
        decided_by: g.staffId,
        decided_at: addDays(start, 340),
      });
    }
    addMilestones(
      { id, status, allApproved: finalStatus !== "none" },
      p.lead.rep,
      Math.floor(amount / Math.max(1, p.milestones.length)),
      p.milestones.map((m, position) => ({ ...m, position: position + 1 })),
    );
  });

  // Milestones wanted with no new project to carry them (only `milestones` was raised): appended to active projects.
  const milestonesNeeded = Math.max(0, g.totals.milestones - g.counts.milestones);
  if (funded.length === 0 && milestonesNeeded > 0) {
    const active = await sql<{ id: string; rep: string | null; last: number; last_due: string | null }>`
      select p.id,
        (select m.user_id from organization_members m where m.organization_id = pr.lead_organization_id
          and m.role = 'representative' order by m.joined_at, m.user_id limit 1) as rep,
        (select coalesce(max(x.position), 0)::int from milestones x where x.project_id = p.id) as last,
        (select max(x.due_on) from milestones x where x.project_id = p.id) as last_due
      from projects p join proposals pr on pr.id = p.proposal_id
      where p.status = 'active' and p.final_status = 'none'
      order by p.id`.execute(g.trx);
    if (active.rows.length === 0) throw new Error("bench seed: no active project to add milestones to");
    apportion(
      milestonesNeeded,
      active.rows.map(() => 1),
    ).forEach((n, i) => {
      const p = active.rows[i];
      const from = p.last_due ? endOfTokyoDay(p.last_due) : g.now;
      addMilestones(
        { id: p.id, status: "active", allApproved: false },
        p.rep,
        10_000,
        Array.from({ length: n }, (_, m) => ({
          title: `追加活動${m + 1}`,
          date: isoDay(addDays(from, 30 * (m + 1))),
          deliverable: "活動記録",
          position: Number(p.last) + m + 1,
        })),
      );
    });
  }
  await insertRows(g.trx, "projects", projects);
  await g.trx
    .updateTable("projects")
    .set({ areas: teamAreas(sql.ref<string>("projects.proposal_id")) })
    .execute();
  await insertRows(g.trx, "milestones", milestones);
  await insertRows(g.trx, "milestone_reports", reports);
  await insertRows(g.trx, "milestone_reminders", reminders);
  await insertRows(g.trx, "project_continuations", continuations);
}

/**
 * Reviews: the fixture reviewer's share of the big theme first, then about even over every proposal
 * (and presentation round) of the themes under review or decided, by their panels, round by round.
 */
async function growReviews(g: Grow, themes: ThemeInfo[], panels: Map<string, string[]>): Promise<void> {
  let needed = Math.max(0, g.totals.reviews - g.counts.reviews);
  if (needed === 0) return;
  const reviewThemes = new Map(
    themes.filter((t) => t.category === "closed" || t.category === "released").map((t) => [t.id, t]),
  );
  if (reviewThemes.size === 0) throw new Error("bench seed: reviews need a theme past its deadline");
  const reviewable = await g.trx
    .selectFrom("proposals")
    .select(["id", "theme_id", "advanced"])
    .where("status", "in", REVIEWABLE)
    .where("theme_id", "in", [...reviewThemes.keys()])
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const done = new Map<string, Set<string>>();
  const mark = (key: string, reviewerId: string) => done.set(key, (done.get(key) ?? new Set()).add(reviewerId));
  for (const row of await g.trx.selectFrom("reviews").select(["proposal_id", "reviewer_id", "stage"]).execute()) {
    mark(`${row.proposal_id}/${row.stage}`, row.reviewer_id);
  }
  const rows: Insertable<Database["reviews"]>[] = [];
  const addReview = (proposalId: string, themeId: string, stage: 1 | 2, reviewerId: string, submitted: boolean) => {
    const t = reviewThemes.get(themeId)!;
    const key = `${proposalId}/${stage}`;
    mark(key, reviewerId);
    // Scores follow the proposal's merit, each reviewer's leniency and some noise, so reviewers sometimes disagree.
    const bias = (unit(reviewerId) - 0.5) * 0.16;
    const scores: Record<string, number> = {};
    t.criteria.forEach((c, i) => {
      if (!submitted && i >= rows.length % 3) return;
      const noise = (unit(`${key}${reviewerId}${i}`) - 0.5) * 0.24;
      scores[c.id] = Math.max(0, Math.min(c.maxScore, Math.round((qualityOf(proposalId) + bias + noise) * c.maxScore)));
    });
    const total = reviewTotal(t.criteria, scores);
    const recommendation: Recommendation | null = !submitted
      ? null
      : total >= 70
        ? "fund"
        : total >= 50
          ? "fund_with_conditions"
          : "do_not_fund";
    const reviewedAt = g.past(new Date(t.closes.getTime() + (2 + unit(key + reviewerId) * 15) * DAY));
    rows.push({
      id: randomUUID(),
      proposal_id: proposalId,
      theme_id: themeId,
      reviewer_id: reviewerId,
      stage,
      status: submitted ? "submitted" : "draft",
      scores: JSON.stringify(scores),
      total,
      comments: JSON.stringify(
        submitted && t.criteria.length ? { [t.criteria[0].id]: pick(REVIEW_COMMENTS, unit(key)) } : {},
      ),
      overall_comment: submitted || rows.length % 2 ? pick(REVIEW_COMMENTS, unit(reviewerId + key)) : "",
      recommendation,
      submitted_at: submitted ? reviewedAt : null,
      updated_at: reviewedAt,
    });
    needed -= 1;
  };

  // The fixture reviewer: about fifty of the big theme's proposals, two in three submitted, the rest drafts.
  const bigReviewable = reviewable.filter((p) => p.theme_id === g.bigThemeId);
  const mineTarget = Math.min(50, Math.floor(bigReviewable.length / 2));
  let mine = bigReviewable.filter((p) => done.get(`${p.id}/1`)?.has(g.fixtureReviewerId)).length;
  for (const p of bigReviewable) {
    if (mine >= mineTarget || needed === 0) break;
    if (done.get(`${p.id}/1`)?.has(g.fixtureReviewerId)) continue;
    addReview(p.id, p.theme_id, 1, g.fixtureReviewerId, mine % 3 !== 2);
    mine += 1;
  }

  const slots = reviewable.flatMap((p) => {
    const stages: (1 | 2)[] = reviewThemes.get(p.theme_id)!.reviewStages === 2 && p.advanced ? [1, 2] : [1];
    return stages.map((stage) => ({ proposalId: p.id, themeId: p.theme_id, stage, order: unit(p.id + stage) }));
  });
  // The big theme first in every round, so its ranking is the fullest.
  slots.sort((a, b) => Number(b.themeId === g.bigThemeId) - Number(a.themeId === g.bigThemeId) || a.order - b.order);
  const others = (set: Set<string> | undefined) => (set ? set.size - (set.has(g.fixtureReviewerId) ? 1 : 0) : 0);
  for (let round = 1; needed > 0 && round <= REVIEWERS_PER_THEME; round++) {
    for (const s of slots) {
      if (needed === 0) break;
      const have = done.get(`${s.proposalId}/${s.stage}`);
      if (others(have) >= round) continue;
      const panel = (panels.get(s.themeId) ?? []).filter((u) => u !== g.fixtureReviewerId);
      const offset = Math.floor(s.order * panel.length);
      const reviewer = panel.map((_, i) => panel[(offset + i) % panel.length]).find((u) => !have?.has(u));
      if (!reviewer) continue;
      const theme = reviewThemes.get(s.themeId)!;
      const submitted =
        theme.category === "released" || unit(s.proposalId + reviewer) < (s.themeId === g.bigThemeId ? 0.9 : 0.8);
      addReview(s.proposalId, s.themeId, s.stage, reviewer, submitted);
    }
  }
  if (needed > 0) throw new Error(`bench seed: ${needed} reviews do not fit the panels (raise \`proposals\`)`);
  await insertRows(g.trx, "reviews", rows);
}

const AUDIT_ACTIONS: [action: string, entityType: string][] = [
  ["proposal.created", "proposal"],
  ["proposal.submitted", "proposal"],
  ["review.submitted", "proposal"],
  ["proposal.partner_invited", "proposal"],
  ["proposal.partner_accepted", "proposal"],
  ["review.submitted", "proposal"],
  ["proposal.decision_recorded", "proposal"],
  ["organization.updated", "organization"],
  ["organization.member_joined", "organization"],
  ["organization.created", "organization"],
  ["listing.created", "partner_listing"],
  ["theme.updated", "theme"],
  ["theme.reviewer_assigned", "theme"],
  ["milestone.report_submitted", "project"],
  ["project.final_report_submitted", "project"],
  ["user.password_changed", "user"],
  ["user.subscriptions_changed", "user"],
  ["review.submitted", "proposal"],
  ["proposal.submitted", "proposal"],
  ["user.email_verified", "user"],
];
const AUDIT_TABLES: Record<string, keyof Database & string> = {
  proposal: "proposals",
  organization: "organizations",
  partner_listing: "partner_listings",
  theme: "themes",
  project: "projects",
  user: "users",
};

/** The audit log in one statement: the actions the app records, on rows that exist, spread over two years. */
async function growAuditLog(g: Grow): Promise<void> {
  const needed = Math.max(0, g.totals.auditRows - g.counts.audit);
  if (needed === 0) return;
  const present = new Set<string>();
  for (const [type, table] of Object.entries(AUDIT_TABLES)) if ((await countOf(g.trx, table)) > 0) present.add(type);
  const usable = AUDIT_ACTIONS.filter(([, type]) => present.has(type));
  const acts = sql.join(usable.map(([action, type], k) => sql`(${sql.lit(k)}, ${action}, ${type})`));
  const entities = sql.join(
    [...present].map((type) => sql`select ${type} as entity_type, id from ${sql.table(AUDIT_TABLES[type])}`),
    sql` union all `,
  );
  await sql`
    with acts(k, action, entity_type) as (values ${acts}),
    entities as (
      select entity_type, id, (row_number() over (partition by entity_type order by id) - 1)::int as rn
      from (${entities}) e
    ),
    sizes as (select entity_type, count(*)::int as n from entities group by entity_type),
    actors as (select id, (row_number() over (order by id) - 1)::int as rn from users),
    actor_count as (select count(*)::int as n from users)
    insert into audit_log (actor_id, action, entity_type, entity_id, details, created_at)
    select a.id, acts.action, acts.entity_type, e.id, '{}'::jsonb,
      now() - make_interval(secs => (${needed} - g)::float8 * ${(730 * 86400) / needed}::float8)
    from generate_series(0, ${needed - 1}) g
    join acts on acts.k = g % ${usable.length}
    join sizes on sizes.entity_type = acts.entity_type
    join entities e on e.entity_type = acts.entity_type and e.rn = ((g::bigint * 7919) % sizes.n)::int
    cross join actor_count
    join actors a on a.rn = ((g::bigint * 104729) % actor_count.n)::int
    order by g`.execute(g.trx);
}

/** A complete proposal, as its team would have written it before submitting. */
function sectionsOf(p: NewProposal): SectionContent {
  const accepted = [p.lead, ...p.partners.filter((x) => x.status === "accepted").map((x) => x.org)];
  const lines: SectionContent["budget"]["lines"] = [
    { item: "講師謝金", category: "honoraria", amount: Math.floor(p.requested * 0.4), note: "" },
    { item: "チラシ印刷", category: "printing", amount: Math.floor(p.requested * 0.2), note: "2,000部" },
    {
      item: "会場使用料",
      category: "rental",
      amount: p.requested - Math.floor(p.requested * 0.4) - Math.floor(p.requested * 0.2),
      note: "",
    },
  ];
  const ownFunds = 10_000 * (p.ordinal % 3);
  if (ownFunds) lines.push({ item: "消耗品", category: "supplies", amount: ownFunds, note: "自己資金" });
  const start = addDays(p.theme.closes, 45);
  const length = p.theme.durationYears * 365;
  const milestones = p.milestones.length
    ? p.milestones
    : [
        { title: "説明会の開催", date: isoDay(addDays(start, 30)), deliverable: "参加者名簿・アンケート" },
        { title: "中間報告", date: isoDay(addDays(start, length / 2)), deliverable: "活動記録と写真" },
        { title: "完了報告", date: isoDay(addDays(start, length - 20)), deliverable: "完了報告書" },
      ];
  return {
    basics: {
      title: p.title,
      summary: p.summary,
      contactName: "連絡 担当",
      contactEmail: "contact@example.jp",
      contactPhone: "03-3995-0001",
    },
    problem: { text: "役員の高齢化で活動が続けにくく、子育て世代や若い世代が地域の活動を知る機会がありません。" },
    activities: { text: "月2回の交流の場を開き、見守りと防災の活動に新しい担い手を迎えます。" },
    roles: {
      roles: Object.fromEntries(
        accepted.map((o, i) => [
          o.id,
          i === 0 ? "全体の調整と会場の提供、住民への声かけ" : "企画・運営とボランティアの募集",
        ]),
      ),
    },
    outcomes: {
      text: "地域活動に参加する人が増え、活動が続くしくみができます。",
      indicators: [
        { name: "新たに参加した担い手の数", target: "20人" },
        { name: "活動への延べ参加者数", target: "300人" },
      ],
    },
    schedule: { milestones },
    budget: { lines, ownFunds, requested: p.requested },
    declaration: { accepted: true },
  };
}
