/**
 * The open datasets, described once: the column names are stable (they are part of the public
 * URLs' contract), and the documentation page and the exports read the same definitions.
 */
export interface Column {
  name: string;
  type: "string" | "integer" | "date" | "datetime";
  ja: string;
  en: string;
}

export const THEME_COLUMNS: Column[] = [
  { name: "id", type: "string", ja: "テーマの識別子", en: "Theme identifier" },
  { name: "course", type: "string", ja: "コース（future_creation / collabo など）", en: "Course" },
  { name: "title", type: "string", ja: "タイトル", en: "Title" },
  { name: "summary", type: "string", ja: "概要", en: "Summary" },
  { name: "department", type: "string", ja: "担当課", en: "Responsible department" },
  { name: "status", type: "string", ja: "状態（published / results_released / archived）", en: "Status" },
  { name: "opens_at", type: "datetime", ja: "受付開始（ISO 8601）", en: "Opens (ISO 8601)" },
  { name: "closes_at", type: "datetime", ja: "締切（ISO 8601）", en: "Closes (ISO 8601)" },
  { name: "grant_cap_per_year", type: "integer", ja: "補助上限（年額・円）", en: "Grant cap per year (yen)" },
  { name: "grant_cap_total", type: "integer", ja: "補助上限（総額・円）", en: "Grant cap in total (yen)" },
  { name: "subsidy_rate_percent", type: "integer", ja: "補助率（%）", en: "Subsidy rate (%)" },
  { name: "duration_years", type: "integer", ja: "事業期間（年）", en: "Duration (years)" },
  { name: "awards_planned", type: "integer", ja: "採択予定件数", en: "Awards planned" },
  { name: "fields", type: "string", ja: "分野（; 区切り）", en: "Fields (; separated)" },
  { name: "updated_at", type: "datetime", ja: "最終更新（ISO 8601）", en: "Last updated (ISO 8601)" },
];

export const PROJECT_COLUMNS: Column[] = [
  { name: "id", type: "string", ja: "事業の識別子", en: "Project identifier" },
  { name: "title", type: "string", ja: "事業名", en: "Title" },
  { name: "theme_id", type: "string", ja: "テーマの識別子", en: "Theme identifier" },
  { name: "theme_title", type: "string", ja: "テーマ名", en: "Theme title" },
  { name: "course", type: "string", ja: "コース", en: "Course" },
  { name: "organizations", type: "string", ja: "実施団体（、区切り）", en: "Organisations" },
  { name: "grant_amount", type: "integer", ja: "交付額（円）", en: "Grant (yen)" },
  { name: "status", type: "string", ja: "状態（active / completed / stopped）", en: "Status" },
  { name: "starts_on", type: "date", ja: "最初のマイルストーンの期限（YYYY-MM-DD）", en: "First milestone due" },
  { name: "ends_on", type: "date", ja: "最後のマイルストーンの期限（YYYY-MM-DD）", en: "Last milestone due" },
  { name: "milestones_total", type: "integer", ja: "マイルストーン数", en: "Milestones" },
  { name: "milestones_done", type: "integer", ja: "完了したマイルストーン数", en: "Milestones done" },
  { name: "funded_at", type: "datetime", ja: "採択日時（ISO 8601）", en: "Funded (ISO 8601)" },
];
