import type { Kysely } from "kysely";
import { replyToConsultation, requestConsultation } from "../app/models/consultations.server";
import { storeFile } from "../app/models/files.server";
import { setSubscriptions } from "../app/models/subscriptions.server";
import { answerQuestion, askQuestion } from "../app/models/theme-questions.server";
import type { CriterionInput } from "../app/models/theme-rules";
import type { ThemeInput } from "../app/models/theme-schemas";
import { archiveTheme, createTheme, publishTheme } from "../app/models/themes.server";
import type { Database, User } from "./schema";

const DAY = 24 * 3600_000;

/** A one-page PDF made here, so the demo has a 募集要項 to download without shipping a binary. */
/** A one-pixel PNG: enough for a demo photo that the upload check and the public page accept. */
export function tinyPng(): Uint8Array {
  return Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
}

export function minimalPdf(title: string): Uint8Array {
  const content = `BT /F1 18 Tf 72 720 Td (${title.replace(/[()\\]/g, "")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

const COLLABO_CRITERIA: CriterionInput[] = [
  { name: "地域課題の理解", description: "地域の課題を具体的に捉えているか", weight: 30, maxScore: 5 },
  { name: "協働の体制", description: "町会・自治会と連携団体の役割分担が明確か", weight: 30, maxScore: 5 },
  { name: "実現可能性", description: "計画・予算・人員が事業内容に見合っているか", weight: 20, maxScore: 5 },
  { name: "継続性・波及効果", description: "補助終了後も続き、ほかの地域に広がるか", weight: 20, maxScore: 5 },
];

const FUTURE_CRITERIA: CriterionInput[] = [
  { name: "テーマへの適合", description: "区が設定したテーマの解決に直接つながるか", weight: 25, maxScore: 10 },
  { name: "新規性", description: "これまでにない手法・担い手を取り入れているか", weight: 25, maxScore: 10 },
  { name: "区との協働", description: "担当課との役割分担と連携が具体的か", weight: 25, maxScore: 10 },
  { name: "成果指標", description: "成果を測る指標と目標値が明確か", weight: 25, maxScore: 10 },
];

/** A demo theme's values: the ward's usual ones, with what differs. */
export function theme(
  overrides: Partial<ThemeInput> & Pick<ThemeInput, "title" | "courseId" | "opensAt" | "closesAt">,
): ThemeInput {
  return {
    summary: "",
    background: "",
    expectations: "",
    department: "区民部 協働推進課",
    contact: "協働推進課 協働推進係　電話 03-5984-1111（代表）",
    fields: [],
    grantCapPerYear: 300_000,
    grantCapTotal: 300_000,
    subsidyRatePercent: 100,
    durationYears: 1,
    awardsPlanned: 5,
    reservedSlots: 0,
    reservedForKind: undefined,
    requiredKinds: [],
    minOrganizations: 2,
    declaration: "政治活動・宗教活動・選挙活動を目的とする団体ではありません。反社会的勢力とは関係ありません。",
    criteria: [],
    version: undefined,
    ...overrides,
  };
}

export async function seedThemes(
  db: Kysely<Database>,
  people: { staff: User; chokai: User; npo: User },
  ctx: { publicUrl: string; secret: string },
) {
  const now = new Date();
  const mail = { publicUrl: ctx.publicUrl, locale: "ja" as const, now, secret: ctx.secret };
  // Subscribed before publishing, so the demo outbox shows the announcement e-mails.
  await setSubscriptions(db, {
    userId: people.chokai.id,
    fields: ["disaster_safety", "elderly_support"],
    courses: ["collabo"],
  });
  await setSubscriptions(db, { userId: people.npo.id, fields: ["childcare"], courses: [] });

  const collaboOpen = await createTheme(db, {
    staffId: people.staff.id,
    now,
    criteria: COLLABO_CRITERIA,
    values: theme({
      courseId: "collabo",
      title: "町会・自治会の担い手を広げる協働事業",
      summary: "町会・自治会と NPO・企業などが組んで、地域活動の新しい担い手を増やす取り組みを募集します。",
      background:
        "区内の町会・自治会では役員の高齢化と加入率の低下が続き、防災訓練や見守りなどの活動を続けることが難しくなっています。一方で、NPO やボランティア団体、企業には地域に関わりたい若い世代がいます。",
      expectations:
        "町会・自治会と新しいパートナーが役割を分担し、1年間で地域活動の担い手を増やす具体的な取り組みを期待します。デジタルの活用や、子育て世代・学生の参加を歓迎します。",
      fields: ["community_development", "disaster_safety", "elderly_support"],
      awardsPlanned: 5,
      reservedSlots: 2,
      reservedForKind: "neighborhood_association",
      requiredKinds: ["neighborhood_association"],
      opensAt: new Date(now.getTime() - 10 * DAY),
      closesAt: new Date(now.getTime() + 30 * DAY),
    }),
  });
  await storeFile(db, {
    ownerType: "theme",
    ownerId: collaboOpen,
    label: "令和8年度 コラボチャレンジ 募集要項",
    filename: "コラボチャレンジ募集要項.pdf",
    bytes: minimalPdf("Collabo Challenge 2026 - Guidelines"),
    contentType: "application/pdf",
    uploadedBy: people.staff.id,
  });
  await publishTheme(db, { themeId: collaboOpen, staffId: people.staff.id }, mail);
  const q1 = await askQuestion(
    db,
    {
      themeId: collaboOpen,
      userId: people.chokai.id,
      question: "町会の会館の修繕費は補助の対象になりますか。",
      now,
    },
    mail,
  );
  await answerQuestion(db, {
    questionId: q1,
    themeId: collaboOpen,
    staffId: people.staff.id,
    answer: "建物の修繕費は対象外です。事業に必要な備品の購入や会場の使用料は対象になります。",
    now,
  });
  await askQuestion(
    db,
    {
      themeId: collaboOpen,
      userId: people.npo.id,
      question: "連携団体が区外の NPO でも応募できますか。",
      now,
    },
    mail,
  );
  const consultation = await requestConsultation(
    db,
    {
      themeId: collaboOpen,
      userId: people.chokai.id,
      subject: "見守りアプリの導入費用について",
      message: "見守りアプリの月額利用料を予算に入れてよいか、事前に相談したいです。",
    },
    { publicUrl: ctx.publicUrl, locale: "ja", now },
  );
  await replyToConsultation(
    db,
    {
      id: consultation,
      author: { id: people.staff.id, isStaff: true },
      message: "事業期間中の利用料は対象になります。見積書を添付してください。来週の窓口相談もご利用いただけます。",
    },
    { publicUrl: ctx.publicUrl, locale: "ja", now },
  );

  const futureOpen = await createTheme(db, {
    staffId: people.staff.id,
    now,
    criteria: FUTURE_CRITERIA,
    values: theme({
      courseId: "future_creation",
      title: "災害時に支え合える地域のしくみづくり",
      summary: "区の防災担当と団体が3年間かけて、災害時の安否確認と避難支援の新しいしくみをつくります。",
      background: "首都直下地震に備え、要配慮者の安否確認を地域で素早く行うしくみが求められています。",
      expectations:
        "防災課と協働し、デジタルと顔の見える関係を組み合わせた安否確認のしくみを3年かけて区内に広げる提案を期待します。",
      department: "危機管理室 防災計画課",
      fields: ["disaster_safety", "digital"],
      grantCapPerYear: 1_000_000,
      grantCapTotal: 3_000_000,
      durationYears: 3,
      awardsPlanned: 1,
      minOrganizations: 1,
      opensAt: new Date(now.getTime() - 5 * DAY),
      closesAt: new Date(now.getTime() + 45 * DAY),
    }),
  });
  await publishTheme(db, { themeId: futureOpen, staffId: people.staff.id }, mail);

  const upcoming = await createTheme(db, {
    staffId: people.staff.id,
    now,
    criteria: COLLABO_CRITERIA,
    values: theme({
      courseId: "collabo",
      title: "子育て世代がつながる居場所づくり",
      summary: "地域の団体が組んで、子育て中の家庭が気軽に集まれる居場所をつくる取り組みを募集します。",
      background: "転入してきた子育て世帯が地域とつながりにくいという声が多く寄せられています。",
      expectations: "町会・自治会、子育て団体、商店会などが組み、1年間で定期的に開ける居場所をつくる提案を期待します。",
      fields: ["childcare", "community_development"],
      opensAt: new Date(now.getTime() + 14 * DAY),
      closesAt: new Date(now.getTime() + 60 * DAY),
    }),
  });
  await publishTheme(db, { themeId: upcoming, staffId: people.staff.id }, mail);

  const closed = await createTheme(db, {
    staffId: people.staff.id,
    now,
    criteria: COLLABO_CRITERIA,
    values: theme({
      courseId: "collabo",
      title: "外国人住民と地域をつなぐ多文化共生の取り組み",
      summary: "外国にルーツを持つ住民と町会・自治会をつなぐ取り組みを募集しました。",
      background: "区内の外国人住民は年々増えていますが、町会・自治会の活動への参加はまだ少ない状況です。",
      expectations: "やさしい日本語や多言語での情報発信、交流イベントなどの提案を期待しました。",
      fields: ["multicultural"],
      opensAt: new Date(now.getTime() - 60 * DAY),
      closesAt: new Date(now.getTime() - 5 * DAY),
    }),
  });
  await publishTheme(db, { themeId: closed, staffId: people.staff.id }, mail);

  const archived = await createTheme(db, {
    staffId: people.staff.id,
    now,
    criteria: FUTURE_CRITERIA,
    values: theme({
      courseId: "future_creation",
      title: "公園の活用で健康づくり（令和7年度）",
      summary: "前年度のテーマです。",
      background: "公園を使った健康づくりの取り組みを募集しました。",
      expectations: "終了したテーマです。",
      fields: ["health", "environment"],
      grantCapPerYear: 1_000_000,
      grantCapTotal: 3_000_000,
      durationYears: 3,
      awardsPlanned: 1,
      minOrganizations: 1,
      opensAt: new Date(now.getTime() - 400 * DAY),
      closesAt: new Date(now.getTime() - 330 * DAY),
    }),
  });
  await publishTheme(db, { themeId: archived, staffId: people.staff.id }, mail);
  await archiveTheme(db, { themeId: archived, staffId: people.staff.id, now });

  await createTheme(db, {
    staffId: people.staff.id,
    now,
    criteria: FUTURE_CRITERIA,
    values: theme({
      courseId: "future_creation",
      title: "【下書き】空き家を地域の拠点にする協働モデル",
      summary: "空き家を地域活動の拠点として活かす協働モデルを検討中です。",
      background: "空き家の増加が地域の課題となっています。",
      expectations: "検討中です。",
      department: "都市整備部 住宅課",
      fields: ["community_development"],
      grantCapPerYear: 1_000_000,
      grantCapTotal: 3_000_000,
      durationYears: 3,
      awardsPlanned: 1,
      minOrganizations: 1,
      opensAt: new Date(now.getTime() + 30 * DAY),
      closesAt: new Date(now.getTime() + 90 * DAY),
    }),
  });
}
