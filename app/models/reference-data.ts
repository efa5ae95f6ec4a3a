import { ORGANIZATION_KINDS, type OrganizationKind } from "../../db/schema";
import type { MessageKey } from "../i18n";

// Kept as data: adding a district or a field is one line here and one label in each catalog.
export const NERIMA_AREAS = [
  "whole_ward",
  "nerima",
  "sakuradai",
  "heiwadai",
  "hikarigaoka",
  "kasugacho",
  "tagara",
  "shakujii",
  "fujimidai",
  "sekimachi",
  "kamishakujii",
  "oizumi",
] as const;
export type Area = (typeof NERIMA_AREAS)[number];

export const ACTIVITY_FIELDS = [
  "welfare",
  "childcare",
  "disaster_safety",
  "environment",
  "community_development",
  "education",
  "culture_sports",
  "multicultural",
  "elderly_support",
  "disability_support",
  "digital",
  "health",
] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];

export { ORGANIZATION_KINDS, type OrganizationKind };

export const areaLabel = (area: string) => `area.${area}` as MessageKey;
export const fieldLabel = (field: string) => `activity.${field}` as MessageKey;
export const kindLabel = (kind: string) => `orgKind.${kind}` as MessageKey;
