/**
 * What a finished proposal says, as plain data: for the integration fixtures and for the unit
 * tests of the proposal rules alike (this module touches no database).
 */
import type { Budget, SectionContent } from "~/models/proposal-rules";

/** Every section of a proposal complete, for a team of these organisations; any section may be replaced. */
export function finishedSections(
  teamIds: string[],
  {
    title = "見守りの担い手を増やす",
    requested = 120_000,
    ...sections
  }: Partial<SectionContent> & { title?: string; requested?: number } = {},
): SectionContent {
  return {
    basics: { title, summary: "概要", contactName: "練馬 花子", contactEmail: "hanako@example.jp", contactPhone: "" },
    problem: { text: "課題" },
    activities: { text: "取り組み" },
    roles: { roles: Object.fromEntries(teamIds.map((id) => [id, "役割"])) },
    outcomes: { text: "成果", indicators: [{ name: "参加者", target: "100人" }] },
    schedule: { milestones: [{ title: "講座", date: "2027-05-01", deliverable: "" }] },
    budget: {
      lines: [{ item: "講師謝礼", category: "honoraria", amount: requested, note: "" }],
      requested,
      ownFunds: 0,
    },
    declaration: { accepted: true },
    ...sections,
  };
}

/**
 * A watch-over course of an association and an NPO, written out in full sentences, for a team of
 * these organisations, with the budget given.
 */
export function writtenSections(teamIds: string[], budget: Budget, contactPhone = ""): SectionContent {
  return {
    basics: {
      title: "見守りの担い手を増やす",
      summary: "町会とNPOが組んで見守りを行います。",
      contactName: "練馬 花子",
      contactEmail: "hanako@example.jp",
      contactPhone,
    },
    problem: { text: "高齢化で見守りの担い手が減っています。" },
    activities: { text: "見守り講座を年6回開きます。" },
    roles: { roles: Object.fromEntries(teamIds.map((id) => [id, "講座の運営"])) },
    outcomes: { text: "担い手が増えます。", indicators: [{ name: "新しい担い手", target: "20人" }] },
    schedule: { milestones: [{ title: "第1回講座", date: "2027-05-01", deliverable: "" }] },
    budget,
    declaration: { accepted: true },
  };
}
