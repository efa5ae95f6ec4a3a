import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASETS } from "~/models/opendata";
import type { OrganizationInput } from "~/models/organization-schemas";
import { decideVerification } from "~/models/organization-verification.server";
import { createOrganization } from "~/models/organizations.server";
import { decideFinalReport, submitFinalReport } from "~/models/project-final-report.server";
import { decideReport, submitReport } from "~/models/project-reports.server";
import type { SectionContent } from "~/models/proposal-rules";
import { recordDecision, releaseResults } from "~/models/review-decisions.server";
import * as opendataFile from "~/routes/opendata.$file";
import type { Role, User } from "../../db/schema";
import { createTestDatabase, type TestDatabase } from "../support/database";
import {
  addMember,
  CLOSED,
  DAY,
  DURING,
  finishedSections,
  installTestServices,
  mailContext as mail,
  NOW,
  OPENED,
  publishedTheme,
  submittedProposal,
  verifiedUsers,
} from "../support/fixtures";

let handle: TestDatabase;
let user: Record<string, User>;
const org = {} as Record<OrgKey, string>;
const project = {} as Record<ProjectKey, string>;
/** The Japan day `offset` days from NOW, as a milestone's due day is written. */
const day = (offset: number) => new Date(NOW.getTime() + offset * DAY + 9 * 3600_000).toISOString().slice(0, 10);

/** The people of the fixture, with names no dataset could hold by chance. */
const PEOPLE = {
  staff: "staff",
  leadA: "member",
  leadB: "member",
  leadC: "member",
  leadD: "member",
  partner: "member",
  helper: "member",
} as const satisfies Record<string, Role>;
const NAMES: Record<keyof typeof PEOPLE, string> = {
  staff: "区役 職員",
  leadA: "石神井 一郎",
  leadB: "大泉 二郎",
  leadC: "光が丘 三子",
  leadD: "関町 四郎",
  partner: "貫井 五月",
  helper: "旭町 六太",
};
/** What a proposal's contact person (a person, not the organisation) wrote on the form. */
const CONTACT = { contactName: "早宮 七海", contactEmail: "nanami.private@example.jp", contactPhone: "090-7777-0007" };

/** The fixture's organisations, by key. */
const ORG_NAMES = {
  mimamori: "見守り町会",
  shokudo: "子ども食堂の会",
  bousai: "防災マップの会",
  refused: "採択されなかった会",
  partner: "NPO法人 つなぐ",
};
/** The funded projects, by key. */
const PROJECT_TITLES = { mimamori: "見守りの輪", shokudo: "子ども食堂", bousai: "防災マップ" };
type OrgKey = keyof typeof ORG_NAMES;
type ProjectKey = keyof typeof PROJECT_TITLES;

/** An organisation registered by `representative` with a full profile and a contact of its own. */
async function organization(key: OrgKey, representative: User, values: Partial<OrganizationInput> = {}) {
  const name = ORG_NAMES[key];
  const input: OrganizationInput = {
    name,
    nameKana: "ソシキ",
    kind: "neighborhood_association",
    areas: ["nerima"],
    fields: ["welfare"],
    description: `${name}の紹介です。`,
    contactEmail: `${representative.email.split("@")[0]}.contact@example.jp`,
    contactPhone: `03-3993-${String(Object.keys(org).length + 1).padStart(4, "0")}`,
    website: undefined,
    foundedYear: undefined,
    memberCount: undefined,
    version: undefined,
    ...values,
  };
  org[key] = (await createOrganization(handle.db, representative.id, input, DURING)).id;
  return org[key];
}

async function verify(id: string, decision: "verified" | "returned" = "verified", note?: string) {
  const decided = await decideVerification(
    handle.db,
    { organizationId: id, staffId: user.staff.id, decision, note },
    mail(DURING),
  );
  if (!decided.ok) throw new Error("verification refused");
}

/** Reports on each of the project's milestones (all, or the first `count`) and staff approve each. */
async function approveMilestones(projectId: string, by: User, count?: number) {
  const milestones = await handle.db
    .selectFrom("milestones")
    .select("id")
    .where("project_id", "=", projectId)
    .orderBy("position")
    .execute();
  for (const m of milestones.slice(0, count)) {
    const sent = await submitReport(
      handle.db,
      { milestoneId: m.id, userId: by.id, body: `${CONTACT.contactName}が報告します`, publicExcerpt: "", spent: 0 },
      mail(NOW),
    );
    if (!sent.ok) throw new Error(sent.problem);
    await decideReport(
      handle.db,
      { projectId, reportId: sent.reportId, staffId: user.staff.id, approve: true, comment: "" },
      mail(NOW),
    );
  }
}

async function finalReport(
  projectId: string,
  by: User,
  outcomes: { indicator: string; target: string; achieved: string }[],
) {
  const sent = await submitFinalReport(
    handle.db,
    {
      projectId,
      userId: by.id,
      report: {
        outcomes,
        spending: [{ item: "会場費", planned: 100_000, spent: 90_000 }],
        selfEvaluation: "自己評価の文",
      },
    },
    mail(NOW),
  );
  if (!sent.ok) throw new Error(sent.problem);
}

beforeAll(async () => {
  handle = await createTestDatabase();
  installTestServices(handle);
  user = await verifiedUsers(handle.db, PEOPLE, (key) => NAMES[key]);
  await organization("mimamori", user.leadA, {
    areas: ["shakujii", "oizumi"],
    fields: ["welfare", "elderly_support"],
    description: "石神井の見守りを続けています。",
    website: "https://mimamori.example.jp/",
    foundedYear: 1978,
    memberCount: 320,
  });
  await organization("shokudo", user.leadB, { kind: "volunteer_group", fields: ["childcare"] });
  await organization("bousai", user.leadC, { kind: "npo", fields: ["disaster_safety"] });
  await organization("refused", user.leadD, { kind: "business" });
  await organization("partner", user.partner, { kind: "npo", description: "連携団体です。" });
  for (const key of ["mimamori", "shokudo", "bousai", "refused"] as const) await verify(org[key]);
  await verify(org.partner, "returned", "登記簿の写しを添えてください");
  await addMember(handle.db, org.mimamori, user.leadA, user.helper);

  const themeId = await publishedTheme(handle.db, {
    staffId: user.staff.id,
    title: "オープンデータのテスト",
    values: { awardsPlanned: 3, minOrganizations: 1, opensAt: OPENED, closesAt: CLOSED },
    now: DURING,
  });
  const propose = (lead: keyof typeof NAMES, orgName: OrgKey, title: string, extra: Partial<SectionContent>) =>
    submittedProposal(handle.db, {
      themeId,
      lead: { organizationId: org[orgName], user: user[lead] },
      at: DURING,
      sections: finishedSections([org[orgName]], {
        title,
        basics: { title, summary: `${title}の概要`, ...CONTACT },
        ...extra,
      }),
    });
  const proposals = {
    mimamori: await submittedProposal(handle.db, {
      themeId,
      lead: { organizationId: org.mimamori, user: user.leadA },
      partners: [{ organizationId: org.partner, user: user.partner }],
      at: DURING,
      sections: finishedSections([org.mimamori, org.partner], {
        basics: { title: "見守りの輪", summary: "見守りの輪の概要", ...CONTACT },
        outcomes: {
          text: "成果",
          indicators: [
            { name: "見守り世帯数", target: "40世帯" },
            { name: "交流会の参加者", target: "100人" },
          ],
        },
        schedule: {
          milestones: [
            { title: "見守り訪問の開始", date: day(-40), deliverable: "訪問記録" },
            { title: "交流会の開催", date: day(-5), deliverable: "参加者数と写真" },
          ],
        },
      }),
    }),
    shokudo: await propose("leadB", "shokudo", "子ども食堂", {
      outcomes: { text: "成果", indicators: [{ name: "開催回数", target: "24回" }] },
      schedule: { milestones: [{ title: "食堂の開設", date: day(-10), deliverable: "" }] },
    }),
    bousai: await propose("leadC", "bousai", "防災マップ", {
      schedule: {
        milestones: [
          { title: "街歩き調査", date: day(-3), deliverable: "調査記録" },
          { title: "地図の配布", date: day(30), deliverable: "防災マップ" },
        ],
      },
    }),
    refused: await propose("leadD", "refused", "採択されなかった提案", {
      schedule: { milestones: [{ title: "採択されなかった節目", date: day(20), deliverable: "" }] },
    }),
  };
  for (const [key, amount] of [
    ["mimamori", 100_000],
    ["shokudo", 80_000],
    ["bousai", 60_000],
    ["refused", 0],
  ] as const) {
    const decided = await recordDecision(handle.db, {
      themeId,
      proposalId: proposals[key],
      staffId: user.staff.id,
      decision: key === "refused" ? "not_funded" : "funded",
      amount,
      conditions: "",
      feedback: "",
      now: NOW,
    });
    if (!decided.ok) throw new Error(decided.problem);
  }
  const released = await releaseResults(handle.db, { themeId, staffId: user.staff.id }, mail(NOW));
  if (!released.ok) throw new Error(released.problem);
  for (const p of await handle.db.selectFrom("projects").select(["id", "title"]).execute()) {
    const key = (Object.keys(PROJECT_TITLES) as ProjectKey[]).find((k) => PROJECT_TITLES[k] === p.title);
    if (key) project[key] = p.id;
  }

  // Accepted: its outcomes are open data.
  await approveMilestones(project.mimamori, user.leadA);
  await finalReport(project.mimamori, user.leadA, [
    { indicator: "見守り世帯数", target: "40世帯", achieved: "45世帯" },
    { indicator: "交流会の参加者", target: "100人", achieved: "120人" },
  ]);
  await decideFinalReport(
    handle.db,
    { projectId: project.mimamori, staffId: user.staff.id, accept: true, comment: "" },
    mail(NOW),
  );
  // Sent, then returned: nothing of it is.
  await approveMilestones(project.shokudo, user.leadB);
  await finalReport(project.shokudo, user.leadB, [
    { indicator: "開催回数", target: "24回", achieved: "返却された実績" },
  ]);
  await decideFinalReport(
    handle.db,
    { projectId: project.shokudo, staffId: user.staff.id, accept: false, comment: "内訳を" },
    mail(NOW),
  );
  // In progress: one milestone overdue, one reported and waiting for the ward.
  const [, later] = await handle.db
    .selectFrom("milestones")
    .select("id")
    .where("project_id", "=", project.bousai)
    .orderBy("position")
    .execute();
  const sent = await submitReport(
    handle.db,
    { milestoneId: later.id, userId: user.leadC.id, body: "配布の準備", publicExcerpt: "", spent: 0 },
    mail(NOW),
  );
  if (!sent.ok) throw new Error(sent.problem);
}, 120_000);

afterAll(async () => {
  await handle?.cleanup();
});

async function download(file: string): Promise<string> {
  const response = await opendataFile.loader({
    request: new Request(`http://localhost/opendata/${file}`),
    params: { file },
    context: { clientAddress: null },
  });
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
}

/** A dataset read back both ways: the CSV's rows (a standard reader, BOM checked) and the JSON's, which must agree. */
async function readBack(name: string) {
  const csv = await download(`${name}.csv`);
  expect(csv.startsWith("\uFEFF")).toBe(true);
  const [header, ...rows] = parse(csv, { bom: true }) as string[][];
  const json = JSON.parse(await download(`${name}.json`)) as Record<string, string | number | null>[];
  expect(header).toEqual(DATASETS[name as keyof typeof DATASETS].columns.map((c) => c.name));
  expect(json.map((r) => Object.keys(r))).toEqual(json.map(() => header));
  // The CSV says in text what the JSON says with types: an empty field is null.
  expect(rows).toEqual(json.map((r) => header.map((c) => (r[c] === null ? "" : String(r[c])))));
  return json;
}

const byId = <T extends { id?: unknown; project_id?: unknown; position?: unknown }>(rows: T[]) =>
  [...rows].sort((a, b) =>
    `${a.id ?? a.project_id}${a.position}`.localeCompare(`${b.id ?? b.project_id}${b.position}`),
  );

describe("the milestones dataset", () => {
  it("lists every funded project's milestones in their public phase, and nothing of a proposal not funded", async () => {
    const stored = await handle.db
      .selectFrom("milestones")
      .select(["id", "project_id", "position", "approved_at"])
      .execute();
    const approvedAt = (key: ProjectKey, position: number) =>
      stored.find((m) => m.project_id === project[key] && m.position === position)?.approved_at?.toISOString() ?? null;
    const idOf = (key: ProjectKey, position: number) =>
      stored.find((m) => m.project_id === project[key] && m.position === position)?.id;
    const row = (
      key: ProjectKey,
      position: number,
      title: string,
      due: string,
      deliverable: string,
      status: string,
    ) => ({
      municipality_code: "131202",
      id: idOf(key, position),
      municipality_name: "東京都練馬区",
      project_id: project[key],
      project_title: PROJECT_TITLES[key],
      position,
      title,
      due_on: due,
      deliverable,
      status,
      approved_at: approvedAt(key, position),
    });
    const expected = [
      row("mimamori", 1, "見守り訪問の開始", day(-40), "訪問記録", "approved"),
      row("mimamori", 2, "交流会の開催", day(-5), "参加者数と写真", "approved"),
      row("shokudo", 1, "食堂の開設", day(-10), "", "approved"),
      row("bousai", 1, "街歩き調査", day(-3), "調査記録", "overdue"),
      row("bousai", 2, "地図の配布", day(30), "防災マップ", "submitted"),
    ];
    const rows = await readBack("milestones");
    expect(rows).toEqual(byId(expected));
    expect(rows.filter((r) => r.approved_at !== null)).toHaveLength(3);
    expect(JSON.stringify(rows)).not.toContain("採択されなかった");
  });
});

describe("the outcomes dataset", () => {
  it("holds each indicator's target and result from accepted final reports only", async () => {
    const rows = await readBack("outcomes");
    expect(rows).toEqual([
      {
        municipality_code: "131202",
        municipality_name: "東京都練馬区",
        project_id: project.mimamori,
        project_title: "見守りの輪",
        position: 1,
        indicator: "見守り世帯数",
        target: "40世帯",
        result: "45世帯",
      },
      {
        municipality_code: "131202",
        municipality_name: "東京都練馬区",
        project_id: project.mimamori,
        project_title: "見守りの輪",
        position: 2,
        indicator: "交流会の参加者",
        target: "100人",
        result: "120人",
      },
    ]);
    const text = await download("outcomes.csv");
    for (const hidden of ["返却された実績", "開催回数", "自己評価の文", "会場費"]) expect(text).not.toContain(hidden);
  });
});

describe("the organisations dataset", () => {
  it("holds each organisation's public profile, whatever its verification", async () => {
    const row = (key: OrgKey, values: Record<string, string | number | null>) => ({
      municipality_code: "131202",
      id: org[key],
      municipality_name: "東京都練馬区",
      name: ORG_NAMES[key],
      kind: "neighborhood_association",
      verification_status: "verified",
      description: `${ORG_NAMES[key]}の紹介です。`,
      areas: "nerima",
      fields: "welfare",
      founded_year: null,
      member_count: null,
      ...values,
    });
    const expected = [
      row("mimamori", {
        description: "石神井の見守りを続けています。",
        areas: "shakujii;oizumi",
        fields: "welfare;elderly_support",
        founded_year: 1978,
        member_count: 320,
      }),
      row("shokudo", { kind: "volunteer_group", fields: "childcare" }),
      row("bousai", { kind: "npo", fields: "disaster_safety" }),
      row("refused", { kind: "business" }),
      row("partner", { kind: "npo", verification_status: "returned", description: "連携団体です。" }),
    ];
    expect(await readBack("organizations")).toEqual(byId(expected));
  });
});

describe("every dataset", () => {
  it("holds no person's name, e-mail or phone, no organisation's contact and no staff note, in any byte", async () => {
    const people = await handle.db.selectFrom("users").select(["name", "email"]).execute();
    const contacts = await handle.db
      .selectFrom("organizations")
      .select(["contact_email", "contact_phone", "website", "verification_note"])
      .execute();
    const secrets = [
      ...people.flatMap((p) => [p.name, p.email]),
      ...contacts.flatMap((c) => [c.contact_email, c.contact_phone, c.website, c.verification_note]),
      ...Object.values(CONTACT),
    ].filter((s): s is string => Boolean(s));
    expect(secrets).toContain("旭町 六太");
    expect(secrets).toContain("03-3993-0001");
    expect(secrets).toContain("https://mimamori.example.jp/");
    const files = Object.keys(DATASETS).flatMap((name) => [`${name}.csv`, `${name}.json`]);
    for (const file of files) {
      const text = await download(file);
      // Also as JSON escapes them, and without the space a spreadsheet might drop.
      for (const secret of secrets) {
        for (const form of [secret, JSON.stringify(secret).slice(1, -1), secret.replace(/\s/g, "")]) {
          expect(text, `${file}: ${secret}`).not.toContain(form);
        }
      }
    }
  });
});
