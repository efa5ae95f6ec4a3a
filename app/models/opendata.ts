import type { MessageKey } from "../i18n";
import type { MilestoneRow, OrganizationRow, OutcomeRow, ProjectRow, ThemeRow } from "./opendata-rows.server";

/**
 * The open datasets, each described once: a column's name, type and meaning are what `/opendata`
 * documents, and its `value` is how the files read it from a row, so the dictionary and the files
 * cannot drift apart. The names are stable (part of the public URLs' contract). Only types come
 * from the row queries: the documentation page imports this module in the browser.
 */
export type Value = string | number | null;

export interface Column<Row> {
  name: string;
  type: "string" | "integer" | "date" | "datetime";
  ja: string;
  en: string;
  /** The item of the 自治体標準オープンデータセット (デジタル庁) this column carries, where one fits. */
  standard?: string;
  value: (row: Row) => Value;
}

export interface Dataset<Row> {
  title: MessageKey;
  /** What it holds and leaves out, where the title alone does not say. */
  about?: MessageKey;
  columns: Column<Row>[];
}

/** 練馬区 in the 全国地方公共団体コード (with its check digit), which the standard datasets put first. */
export const NERIMA_CODE = "131202";
const NERIMA_NAME = "東京都練馬区";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const municipalityCode: Column<unknown> = {
  name: "municipality_code",
  type: "string",
  ja: `全国地方公共団体コード（練馬区は ${NERIMA_CODE}）`,
  en: `Local government code (Nerima: ${NERIMA_CODE})`,
  standard: "全国地方公共団体コード",
  value: () => NERIMA_CODE,
};

const municipalityName: Column<unknown> = {
  name: "municipality_name",
  type: "string",
  ja: `地方公共団体名（${NERIMA_NAME}）`,
  en: `Local government (${NERIMA_NAME})`,
  standard: "地方公共団体名",
  value: () => NERIMA_NAME,
};

const THEMES: Dataset<ThemeRow> = {
  title: "opendata.themes",
  columns: [
    { name: "id", type: "string", ja: "テーマの識別子", en: "Theme identifier", standard: "ID", value: (t) => t.id },
    {
      name: "course",
      type: "string",
      ja: "コース（future_creation / collabo など）",
      en: "Course",
      value: (t) => t.course_id,
    },
    { name: "title", type: "string", ja: "タイトル", en: "Title", standard: "名称", value: (t) => t.title },
    { name: "summary", type: "string", ja: "概要", en: "Summary", standard: "説明", value: (t) => t.summary },
    { name: "department", type: "string", ja: "担当課", en: "Responsible department", value: (t) => t.department },
    {
      name: "status",
      type: "string",
      ja: "状態（published / results_released / archived）",
      en: "Status",
      value: (t) => t.status,
    },
    {
      name: "opens_at",
      type: "datetime",
      ja: "受付開始（ISO 8601）",
      en: "Opens (ISO 8601)",
      value: (t) => iso(t.opens_at),
    },
    {
      name: "closes_at",
      type: "datetime",
      ja: "締切（ISO 8601）",
      en: "Closes (ISO 8601)",
      value: (t) => iso(t.closes_at),
    },
    {
      name: "grant_cap_per_year",
      type: "integer",
      ja: "補助上限（年額・円）",
      en: "Grant cap per year (yen)",
      value: (t) => t.grant_cap_per_year,
    },
    {
      name: "grant_cap_total",
      type: "integer",
      ja: "補助上限（総額・円）",
      en: "Grant cap in total (yen)",
      value: (t) => t.grant_cap_total,
    },
    {
      name: "subsidy_rate_percent",
      type: "integer",
      ja: "補助率（%）",
      en: "Subsidy rate (%)",
      value: (t) => t.subsidy_rate_percent,
    },
    {
      name: "duration_years",
      type: "integer",
      ja: "事業期間（年）",
      en: "Duration (years)",
      value: (t) => t.duration_years,
    },
    {
      name: "awards_planned",
      type: "integer",
      ja: "採択予定件数",
      en: "Awards planned",
      value: (t) => t.awards_planned,
    },
    {
      name: "fields",
      type: "string",
      ja: "分野（; 区切り）",
      en: "Fields (; separated)",
      value: (t) => t.fields.join(";"),
    },
    {
      name: "updated_at",
      type: "datetime",
      ja: "最終更新（ISO 8601）",
      en: "Last updated (ISO 8601)",
      value: (t) => iso(t.updated_at),
    },
  ],
};

const PROJECTS: Dataset<ProjectRow> = {
  title: "opendata.projects",
  columns: [
    { name: "id", type: "string", ja: "事業の識別子", en: "Project identifier", standard: "ID", value: (p) => p.id },
    { name: "title", type: "string", ja: "事業名", en: "Title", standard: "名称", value: (p) => p.title },
    { name: "theme_id", type: "string", ja: "テーマの識別子", en: "Theme identifier", value: (p) => p.theme_id },
    { name: "theme_title", type: "string", ja: "テーマ名", en: "Theme title", value: (p) => p.theme_title },
    { name: "course", type: "string", ja: "コース", en: "Course", value: (p) => p.course_id },
    {
      name: "organizations",
      type: "string",
      ja: "実施団体（、区切り）",
      en: "Organisations",
      value: (p) => p.organizations ?? "",
    },
    { name: "grant_amount", type: "integer", ja: "交付額（円）", en: "Grant (yen)", value: (p) => p.grant_amount },
    {
      name: "status",
      type: "string",
      ja: "状態（active / completed / stopped）",
      en: "Status",
      value: (p) => p.status,
    },
    {
      name: "starts_on",
      type: "date",
      ja: "最初のマイルストーンの期限（YYYY-MM-DD）",
      en: "First milestone due",
      value: (p) => p.starts_on,
    },
    {
      name: "ends_on",
      type: "date",
      ja: "最後のマイルストーンの期限（YYYY-MM-DD）",
      en: "Last milestone due",
      value: (p) => p.ends_on,
    },
    { name: "milestones_total", type: "integer", ja: "マイルストーン数", en: "Milestones", value: (p) => p.milestones },
    {
      name: "milestones_done",
      type: "integer",
      ja: "完了したマイルストーン数",
      en: "Milestones done",
      value: (p) => p.approved,
    },
    {
      name: "funded_at",
      type: "datetime",
      ja: "採択日時（ISO 8601）",
      en: "Funded (ISO 8601)",
      value: (p) => iso(p.created_at),
    },
  ],
};

const projectId: Column<{ project_id: string }> = {
  name: "project_id",
  type: "string",
  ja: "事業の識別子（projects の id）",
  en: "Project identifier (id in projects)",
  value: (r) => r.project_id,
};

const projectTitle: Column<{ project_title: string }> = {
  name: "project_title",
  type: "string",
  ja: "事業名",
  en: "Project title",
  value: (r) => r.project_title,
};

const MILESTONES: Dataset<MilestoneRow> = {
  title: "opendata.milestones",
  about: "opendata.milestones.about",
  columns: [
    municipalityCode,
    {
      name: "id",
      type: "string",
      ja: "マイルストーンの識別子",
      en: "Milestone identifier",
      standard: "ID",
      value: (m) => m.id,
    },
    municipalityName,
    projectId,
    projectTitle,
    {
      name: "position",
      type: "integer",
      ja: "事業の中での順番（1 から）",
      en: "Order within the project (from 1)",
      value: (m) => m.position,
    },
    { name: "title", type: "string", ja: "マイルストーン名", en: "Title", standard: "名称", value: (m) => m.title },
    {
      name: "due_on",
      type: "date",
      ja: "期限（YYYY-MM-DD）",
      en: "Due (YYYY-MM-DD)",
      value: (m) => m.due_on,
    },
    { name: "deliverable", type: "string", ja: "成果物", en: "Deliverable", value: (m) => m.deliverable },
    {
      name: "status",
      type: "string",
      ja: "状況（planned 予定 / submitted 確認中 / returned 差し戻し / approved 完了 / overdue 期限超過）",
      en: "State (planned / submitted / returned / approved / overdue)",
      value: (m) => m.phase,
    },
    {
      name: "approved_at",
      type: "datetime",
      ja: "完了を区が確認した日時（ISO 8601、未完了は空）",
      en: "Approved by the ward (ISO 8601; empty until then)",
      value: (m) => iso(m.approved_at),
    },
  ],
};

const OUTCOMES: Dataset<OutcomeRow> = {
  title: "opendata.outcomes",
  about: "opendata.outcomes.about",
  columns: [
    municipalityCode,
    municipalityName,
    projectId,
    projectTitle,
    {
      name: "position",
      type: "integer",
      ja: "事業の中での指標の番号（1 から）",
      en: "Indicator's number within the project (from 1)",
      value: (o) => o.position,
    },
    { name: "indicator", type: "string", ja: "成果指標", en: "Indicator", value: (o) => o.indicator },
    { name: "target", type: "string", ja: "目標（提案時）", en: "Target (as proposed)", value: (o) => o.target },
    {
      name: "result",
      type: "string",
      ja: "実績（区が受理した完了報告による）",
      en: "Result (from the final report the ward accepted)",
      value: (o) => o.result,
    },
  ],
};

const ORGANIZATIONS: Dataset<OrganizationRow> = {
  title: "opendata.organizations",
  about: "opendata.organizations.about",
  columns: [
    municipalityCode,
    {
      name: "id",
      type: "string",
      ja: "団体の識別子",
      en: "Organisation identifier",
      standard: "ID",
      value: (o) => o.id,
    },
    municipalityName,
    { name: "name", type: "string", ja: "団体名", en: "Name", standard: "名称", value: (o) => o.name },
    {
      name: "kind",
      type: "string",
      ja: "種別（neighborhood_association 町会・自治会 / npo NPO法人 / volunteer_group ボランティア団体・任意団体 / business 企業・事業者 / school_pta 学校・PTA関係 / other その他）",
      en: "Kind (neighborhood_association / npo / volunteer_group / business / school_pta / other)",
      value: (o) => o.kind,
    },
    {
      name: "verification_status",
      type: "string",
      ja: "区の確認（verified 確認済み / unverified 確認前 / returned 差し戻し）",
      en: "Checked by the ward (verified / unverified / returned)",
      value: (o) => o.verification_status,
    },
    {
      name: "description",
      type: "string",
      ja: "団体の紹介",
      en: "Description",
      standard: "説明",
      value: (o) => o.description,
    },
    {
      name: "areas",
      type: "string",
      ja: "活動地域（; 区切り）",
      en: "Areas of activity (; separated)",
      value: (o) => o.areas.join(";"),
    },
    {
      name: "fields",
      type: "string",
      ja: "活動分野（; 区切り）",
      en: "Fields of activity (; separated)",
      value: (o) => o.fields.join(";"),
    },
    {
      name: "founded_year",
      type: "integer",
      ja: "設立年（西暦、未記入は空）",
      en: "Year founded (empty if not given)",
      value: (o) => o.founded_year,
    },
    {
      name: "member_count",
      type: "integer",
      ja: "会員数（団体の申告、未記入は空）",
      en: "Number of members as the organisation states it (empty if not given)",
      value: (o) => o.member_count,
    },
  ],
};

/** Every dataset by the name of its files: `/opendata/<name>.csv` and `/opendata/<name>.json`. */
export const DATASETS = {
  themes: THEMES,
  projects: PROJECTS,
  milestones: MILESTONES,
  outcomes: OUTCOMES,
  organizations: ORGANIZATIONS,
};

export type DatasetName = keyof typeof DATASETS;
