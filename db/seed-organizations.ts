import type { Kysely } from "kysely";
import { createVerifiedUser } from "../app/models/accounts.server";
import { inviteMember } from "../app/models/organization-invitations.server";
import type { OrganizationInput } from "../app/models/organization-schemas";
import { decideVerification } from "../app/models/organization-verification.server";
import { createOrganization } from "../app/models/organizations.server";
import { createListing } from "../app/models/partners.server";
import { decideRequest, replyToRequest, sendPartnershipRequest } from "../app/models/partnership-requests.server";
import { tokyoToday } from "../app/utils/japan-time";
import type { Database, User } from "./schema";

type Seeded = Omit<OrganizationInput, "contactPhone" | "website" | "version"> & {
  contactPhone?: string;
  website?: string;
  status: "verified" | "unverified" | "returned";
  listing?: { title: string; offers: string; seeks: string; fields: string[]; areas: string[]; days: number };
};

/** A dozen organisations of every kind, so the directory and the board look like a working ward. */
const ORGANIZATIONS: Seeded[] = [
  {
    name: "石神井台三丁目町会",
    nameKana: "シャクジイダイサンチョウメチョウカイ",
    kind: "neighborhood_association",
    areas: ["shakujii"],
    fields: ["disaster_safety", "elderly_support", "community_development"],
    description:
      "石神井台三丁目の約800世帯でつくる町会です。防災訓練、夏祭り、高齢者の見守り活動を続けていますが、役員の高齢化が進み、若い世代やIT に詳しい方の力を求めています。",
    contactEmail: "chokai@example.jp",
    contactPhone: "03-3995-0001",
    foundedYear: 1962,
    memberCount: 800,
    status: "verified",
    listing: {
      title: "防災訓練をいっしょに企画・運営してくれる団体を探しています",
      offers: "町会会館（50名）と防災倉庫の資機材、長年の訓練のノウハウ、地域の高齢者とのつながりがあります。",
      seeks:
        "若い世代が参加したくなる訓練の企画や、安否確認をスマートフォンで行う仕組みづくりを手伝ってくださる NPO・企業を探しています。",
      fields: ["disaster_safety", "digital"],
      areas: ["shakujii"],
      days: 60,
    },
  },
  {
    name: "NPO法人 ねりま子ども応援団",
    nameKana: "ネリマコドモオウエンダン",
    kind: "npo",
    areas: ["oizumi", "shakujii", "whole_ward"],
    fields: ["childcare", "education", "welfare"],
    description:
      "区内5か所で子ども食堂と学習支援を運営しています。ボランティア登録は約120名。町会の皆さんと連携して、地域ぐるみで子どもを見守る仕組みをつくりたいと考えています。",
    contactEmail: "npo@example.jp",
    website: "https://example.jp/kodomo",
    foundedYear: 2014,
    memberCount: 120,
    status: "verified",
    listing: {
      title: "子ども食堂の会場を貸してくださる町会・自治会を募集",
      offers: "子ども食堂の運営ノウハウ、食材の調達ルート、学生ボランティアの派遣ができます。",
      seeks:
        "大泉・石神井地域で、月2回、調理のできる会場を貸してくださる町会・自治会を探しています。地域のお祭りへの協力もできます。",
      fields: ["childcare", "community_development"],
      areas: ["oizumi", "shakujii"],
      days: 45,
    },
  },
  {
    name: "光が丘みどりの会",
    nameKana: "ヒカリガオカミドリノカイ",
    kind: "volunteer_group",
    areas: ["hikarigaoka"],
    fields: ["environment", "health"],
    description: "光が丘公園周辺の清掃と花壇づくりを続けるボランティアグループです。毎月第2日曜に活動しています。",
    contactEmail: "midori@example.jp",
    foundedYear: 2003,
    memberCount: 35,
    status: "verified",
    listing: {
      title: "花壇の水やりを手伝ってくださる方・団体を募集",
      offers: "花苗と道具、園芸の経験を持つメンバーがいます。",
      seeks: "夏場の水やり当番を分担してくださる団体、学校・PTA の皆さんを探しています。",
      fields: ["environment"],
      areas: ["hikarigaoka"],
      days: 30,
    },
  },
  {
    name: "株式会社ねりまデジタル工房",
    nameKana: "ネリマデジタルコウボウ",
    kind: "business",
    areas: ["nerima", "whole_ward"],
    fields: ["digital", "community_development"],
    description:
      "練馬駅近くのウェブ制作会社です。社会貢献活動として、町会のホームページづくりやスマートフォン教室を手がけています。",
    contactEmail: "kobo@example.jp",
    website: "https://example.jp/kobo",
    foundedYear: 2011,
    memberCount: 18,
    status: "verified",
    listing: {
      title: "スマホ教室・町会のデジタル化をお手伝いします",
      offers: "スマートフォン教室の講師派遣、回覧板の電子化、ホームページ制作を無償で支援します。",
      seeks: "デジタル化に取り組みたい町会・自治会、高齢者の集まりを運営する団体と組みたいです。",
      fields: ["digital", "elderly_support"],
      areas: ["whole_ward"],
      days: 90,
    },
  },
  {
    name: "早宮二丁目自治会",
    nameKana: "ハヤミヤニチョウメジチカイ",
    kind: "neighborhood_association",
    areas: ["heiwadai"],
    fields: ["disaster_safety", "community_development"],
    description: "早宮二丁目の自治会です。防犯パトロールと子どもの見守りを続けています。",
    contactEmail: "hayamiya@example.jp",
    foundedYear: 1971,
    memberCount: 420,
    status: "unverified",
  },
  {
    name: "大泉学園PTA連絡会",
    nameKana: "オオイズミガクエンピーティーエーレンラクカイ",
    kind: "school_pta",
    areas: ["oizumi"],
    fields: ["education", "childcare", "disaster_safety"],
    description: "大泉地域の小中学校PTAの連絡会です。通学路の安全と放課後の居場所づくりに取り組んでいます。",
    contactEmail: "pta@example.jp",
    memberCount: 60,
    status: "verified",
  },
  {
    name: "ねりま多文化交流ネットワーク",
    nameKana: "ネリマタブンカコウリュウネットワーク",
    kind: "volunteer_group",
    areas: ["nerima", "sakuradai"],
    fields: ["multicultural", "education"],
    description:
      "外国にルーツを持つ住民のための日本語教室と生活相談を行っています。やさしい日本語の防災情報づくりにも取り組んでいます。",
    contactEmail: "tabunka@example.jp",
    foundedYear: 2016,
    memberCount: 40,
    status: "verified",
    listing: {
      title: "やさしい日本語の防災マップを町会といっしょに作りたい",
      offers: "やさしい日本語への書き換え、8言語の翻訳ボランティアがいます。",
      seeks: "外国人住民が多い地域の町会・自治会と、防災マップや訓練の案内をいっしょに作りたいです。",
      fields: ["multicultural", "disaster_safety"],
      areas: ["nerima", "sakuradai"],
      days: 40,
    },
  },
  {
    name: "NPO法人 関町ささえあいの会",
    nameKana: "セキマチササエアイノカイ",
    kind: "npo",
    areas: ["sekimachi", "kamishakujii"],
    fields: ["elderly_support", "welfare", "health"],
    description: "高齢者の買い物支援、サロン、配食を行うNPOです。送迎用の車両2台を持っています。",
    contactEmail: "sasaeai@example.jp",
    foundedYear: 2008,
    memberCount: 55,
    status: "verified",
  },
  {
    name: "春日町商店会",
    nameKana: "カスガチョウショウテンカイ",
    kind: "business",
    areas: ["kasugacho"],
    fields: ["community_development", "culture_sports"],
    description: "春日町の商店街の商店会です。季節のイベントで地域を盛り上げています。",
    contactEmail: "shotenkai@example.jp",
    memberCount: 42,
    status: "returned",
  },
  {
    name: "田柄障害者スポーツクラブ",
    nameKana: "タガラショウガイシャスポーツクラブ",
    kind: "volunteer_group",
    areas: ["tagara"],
    fields: ["disability_support", "culture_sports", "health"],
    description: "障害のある方もない方もいっしょに楽しむボッチャと卓球のクラブです。",
    contactEmail: "sports@example.jp",
    foundedYear: 2019,
    memberCount: 28,
    status: "verified",
    listing: {
      title: "ボッチャ体験会の会場と参加者を募集しています",
      offers: "ボッチャの用具一式と指導者がいます。体験会の運営を担当できます。",
      seeks: "地域のお祭りや敬老会で体験会を開いてくださる町会・自治会、福祉施設を探しています。",
      fields: ["disability_support", "culture_sports"],
      areas: ["tagara", "kasugacho"],
      days: 50,
    },
  },
  {
    name: "富士見台子育てひろば",
    nameKana: "フジミダイコソダテヒロバ",
    kind: "other",
    areas: ["fujimidai"],
    fields: ["childcare", "health"],
    description: "乳幼児と保護者が集まれる居場所を週3回開いている、地域の親の会です。",
    contactEmail: "hiroba@example.jp",
    memberCount: 25,
    status: "unverified",
  },
  {
    name: "上石神井ふれあい自治会",
    nameKana: "カミシャクジイフレアイジチカイ",
    kind: "neighborhood_association",
    areas: ["kamishakujii"],
    fields: ["elderly_support", "community_development", "disaster_safety"],
    description: "上石神井の自治会です。ふれあい食事会と防災備蓄の点検を続けています。",
    contactEmail: "fureai@example.jp",
    foundedYear: 1978,
    memberCount: 560,
    status: "verified",
  },
];

/**
 * Seeds organisations, listings and a partnership thread through the same domain functions the
 * site uses. `chokai` and `npo` are the demo accounts that represent the first two organisations.
 */
export async function seedOrganizations(
  db: Kysely<Database>,
  people: { chokai: User; npo: User; staff: User; extraPassword: string },
) {
  const ctx = { publicUrl: "http://localhost:3000", locale: "ja" as const, now: new Date() };
  const ids: string[] = [];
  for (const [index, seed] of ORGANIZATIONS.entries()) {
    const owner =
      index === 0
        ? people.chokai
        : index === 1
          ? people.npo
          : await createVerifiedUser(db, {
              email: seed.contactEmail,
              name: `${seed.name} 代表`,
              password: people.extraPassword,
              role: "member",
            });
    const { status, listing, ...values } = seed;
    const org = await createOrganization(
      db,
      owner.id,
      { ...values, contactPhone: values.contactPhone ?? "", website: values.website ?? "" } as OrganizationInput,
      ctx.now,
    );
    ids.push(org.id);
    if (status !== "unverified") {
      await decideVerification(
        db,
        {
          organizationId: org.id,
          staffId: people.staff.id,
          decision: status,
          note: status === "returned" ? "活動内容の説明が短いため、具体的な活動と頻度を追記してください。" : undefined,
        },
        ctx,
      );
    }
    if (listing) {
      await createListing(db, {
        userId: owner.id,
        values: {
          organizationId: org.id,
          title: listing.title,
          offers: listing.offers,
          seeks: listing.seeks,
          fields: listing.fields as OrganizationInput["fields"],
          areas: listing.areas as OrganizationInput["areas"],
          endsOn: tokyoToday(new Date(ctx.now.getTime() + listing.days * 24 * 3600_000)),
        },
        now: ctx.now,
      });
    }
  }

  // A conversation already under way: the association answers the NPO's listing, and it is accepted.
  const npoListing = await db
    .selectFrom("partner_listings")
    .select("id")
    .where("organization_id", "=", ids[1])
    .executeTakeFirstOrThrow();
  const request = await sendPartnershipRequest(
    db,
    {
      listingId: npoListing.id,
      fromOrganizationId: ids[0],
      user: people.chokai,
      message: "石神井台三丁目町会です。町会会館（調理室あり）を月2回お貸しできます。一度お話ししませんか。",
    },
    ctx,
  );
  if (request.ok) {
    await replyToRequest(
      db,
      {
        requestId: request.requestId,
        user: people.npo,
        message: "ありがとうございます！来週の火曜日、会館を見学させていただけますか。",
      },
      ctx,
    );
    await decideRequest(
      db,
      { requestId: request.requestId, user: people.npo, decision: "accepted", statusLabel: "成立" },
      ctx,
    );
  }
  // The NPO has invited a second staff member who has not answered yet.
  await inviteMember(
    db,
    { organizationId: ids[1], email: "volunteer@example.jp", inviter: { id: people.npo.id, name: people.npo.name } },
    ctx,
  );
}
