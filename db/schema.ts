import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Instants are always `timestamptz`: both drivers hand them back as `Date`. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const ROLES = ["member", "reviewer", "staff", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: ColumnType<Role, Role | undefined, Role>;
  email_verified_at: NullableTimestamp;
  /** The language the person last chose: e-mail about others' actions is written in it. */
  locale: ColumnType<"ja" | "en", "ja" | "en" | undefined, "ja" | "en">;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** The TOTP key, sealed with the site secret (app/auth/two-factor.server.ts). */
  totp_key_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The last 30-second step a code was accepted for: a code is good once. */
  totp_last_step: ColumnType<string | null, number | null | undefined, number | null>;
  /** The version of the privacy policy the person agreed to (privacy.*.md's `version:`), and when. */
  privacy_version: ColumnType<string | null, string | null | undefined, string | null>;
  privacy_agreed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The secret part of the address of the person's calendar feed (/calendar/<token>.ics). */
  calendar_token: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  expires_at: Timestamp;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  user_agent: string | null;
  client_address: string | null;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: string;
  code_hash: string;
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export const EMAIL_TOKEN_PURPOSES = ["verify_email", "reset_password", "change_email"] as const;
export type EmailTokenPurpose = (typeof EMAIL_TOKEN_PURPOSES)[number];

export interface EmailTokensTable {
  /** SHA-256 of the token sent by e-mail: a leaked table cannot be replayed. */
  token_hash: string;
  user_id: string;
  purpose: EmailTokenPurpose;
  new_email: string | null;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface LoginThrottlesTable {
  key: string;
  failure_count: number;
  window_started_at: Timestamp;
  locked_until: NullableTimestamp;
}

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface MailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  template: string;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: NullableTimestamp;
  /** Who holds the claim: only the holder may renew it or mark the message sent or failed. */
  lease_token: string | null;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
}

export interface AppSettingsTable {
  key: string;
  value: string;
  updated_at: Generated<Date>;
}

export const ORGANIZATION_KINDS = [
  "neighborhood_association",
  "npo",
  "volunteer_group",
  "business",
  "school_pta",
  "other",
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export type VerificationStatus = "unverified" | "verified" | "returned";
export type MemberRole = "representative" | "member";
export type RequestStatus = "pending" | "accepted" | "declined";

type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export interface OrganizationsTable {
  id: string;
  name: string;
  name_kana: string;
  kind: OrganizationKind;
  areas: TextArray;
  fields: TextArray;
  description: string;
  contact_email: string;
  contact_phone: string | null;
  website: string | null;
  founded_year: number | null;
  member_count: number | null;
  verification_status: ColumnType<VerificationStatus, VerificationStatus | undefined, VerificationStatus>;
  verification_note: string | null;
  verified_at: NullableTimestamp;
  search_tokens: TextArray;
  search_text: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OrganizationMembersTable {
  organization_id: string;
  user_id: string;
  role: MemberRole;
  joined_at: Generated<Date>;
}

export interface OrganizationInvitationsTable {
  id: string;
  organization_id: string;
  email: string;
  token_hash: string;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  accepted_by: string | null;
  revoked_at: NullableTimestamp;
  created_at: Generated<Date>;
  /** 代理入力: the invitation names a helper (organization_helpers), not a member. */
  as_helper: Generated<boolean>;
}

/** 代理入力: someone a representative named to type the organisation's drafts (never to submit). */
export interface OrganizationHelpersTable {
  organization_id: string;
  user_id: string;
  named_by: string | null;
  named_at: Timestamp;
}

export interface PartnerListingsTable {
  id: string;
  organization_id: string;
  title: string;
  offers: string;
  seeks: string;
  areas: TextArray;
  fields: TextArray;
  theme_id: string | null;
  ends_at: Timestamp;
  closed_at: NullableTimestamp;
  search_tokens: TextArray;
  search_text: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PartnershipRequestsTable {
  id: string;
  listing_id: string | null;
  from_organization_id: string;
  to_organization_id: string;
  status: ColumnType<RequestStatus, RequestStatus | undefined, RequestStatus>;
  created_by: string | null;
  created_at: Generated<Date>;
  decided_at: NullableTimestamp;
  decided_by: string | null;
}

export interface PartnershipMessagesTable {
  id: Generated<number>;
  request_id: string;
  organization_id: string;
  author_id: string | null;
  body: string;
  created_at: Generated<Date>;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  message_key: string;
  params: ColumnType<Record<string, string | number>, string | undefined, string>;
  link: string;
  read_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export const THEME_STATUSES = ["draft", "published", "results_released", "archived"] as const;
export type ThemeStatus = (typeof THEME_STATUSES)[number];

export interface CoursesTable {
  id: string;
  name_ja: string;
  name_en: string;
  short_name: string;
  description_ja: string;
  description_en: string;
  position: Generated<number>;
}

export interface ThemesTable {
  id: string;
  course_id: string;
  title: string;
  summary: string;
  background: string;
  expectations: string;
  department: string;
  contact: string;
  fields: TextArray;
  grant_cap_per_year: number;
  grant_cap_total: number;
  subsidy_rate_percent: number;
  duration_years: number;
  awards_planned: number;
  reserved_slots: number;
  reserved_for_kind: string | null;
  required_kinds: TextArray;
  min_organizations: number;
  declaration: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  status: ColumnType<ThemeStatus, ThemeStatus | undefined, ThemeStatus>;
  published_at: NullableTimestamp;
  disagreement_threshold: Generated<number>;
  /** Reviewers each proposal should have (conflicts left out); fewer is flagged on the ranking. */
  min_reviewers: Generated<number>;
  results_released_at: NullableTimestamp;
  review_stages: ColumnType<number, number | undefined, number>;
  hide_names: ColumnType<boolean, boolean | undefined, boolean>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** The day reviews are due (Tokyo, YYYY-MM-DD); null until staff set it. */
  review_deadline: ColumnType<string | null, string | null | undefined, string | null>;
  presentation_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  presentation_place: ColumnType<string | null, string | null | undefined, string | null>;
  /** For the keyword search of `/themes` (app/models/search.ts): kept in step by createTheme and updateTheme. */
  search_tokens: TextArray;
  search_text: ColumnType<string, string | undefined, string>;
}

export interface ThemeCriteriaTable {
  id: string;
  theme_id: string;
  position: number;
  name: string;
  description: string;
  weight: number;
  max_score: number;
}

export interface FilesTable {
  id: string;
  owner_type: string;
  owner_id: string;
  label: string;
  filename: string;
  content_type: string;
  size: number;
  data: Uint8Array;
  is_public: ColumnType<boolean, boolean | undefined, boolean>;
  uploaded_by: string | null;
  created_at: Generated<Date>;
  /** A report photo's description for people who cannot see it (its alt text), written by the team. */
  description: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ThemeQuestionsTable {
  id: string;
  theme_id: string;
  asked_by: string | null;
  question: string;
  answer: string | null;
  answered_by: string | null;
  published_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface ConsultationsTable {
  id: string;
  theme_id: string;
  requested_by: string;
  subject: string;
  status: ColumnType<"open" | "closed", "open" | "closed" | undefined, "open" | "closed">;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ConsultationMessagesTable {
  id: Generated<number>;
  consultation_id: string;
  author_id: string | null;
  from_staff: boolean;
  body: string;
  created_at: Generated<Date>;
}

export interface SubscriptionsTable {
  user_id: string;
  kind: "field" | "course";
  value: string;
}

export interface ThemeAnnouncementsTable {
  theme_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export const PROPOSAL_STATUSES = ["draft", "submitted", "withdrawn", "under_review", "funded", "not_funded"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export type PartnerStatus = "invited" | "accepted" | "declined" | "removed";

export interface ProposalsTable {
  id: string;
  theme_id: string;
  lead_organization_id: string;
  status: ColumnType<ProposalStatus, ProposalStatus | undefined, ProposalStatus>;
  title: ColumnType<string, string | undefined, string>;
  requested_amount: ColumnType<number, number | undefined, number>;
  receipt_number: string | null;
  /** Chosen by staff for the presentation round of a two-stage review. */
  advanced: ColumnType<boolean, boolean | undefined, boolean>;
  submitted_at: NullableTimestamp;
  submitted_by: string | null;
  /** A helper asked the lead's representative to approve and submit (代理入力). */
  submission_requested_by: Generated<string | null>;
  submission_requested_at: Generated<Date | null>;
  withdrawn_at: NullableTimestamp;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Staff found the organisations or people named in the text of a proposal on an anonymised theme. */
  names_flagged_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  names_flagged_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** The presentation arrangements ("<ISO time>|<place>") the applicants were last told of. */
  presentation_told: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ProposalSectionsTable {
  proposal_id: string;
  section: string;
  content: ColumnType<Record<string, unknown>, string, string>;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface ProposalPartnersTable {
  proposal_id: string;
  organization_id: string;
  role: "lead" | "partner";
  status: PartnerStatus;
  invited_by: string | null;
  invited_at: Generated<Date>;
  responded_by: string | null;
  responded_at: NullableTimestamp;
  /** The text's version (textVersion) a partner's representative approved; null until then or since a change. */
  approved_text: ColumnType<string | null, string | null | undefined, string | null>;
  approved_by: ColumnType<string | null, string | null | undefined, string | null>;
  approved_at: NullableTimestamp;
}

export interface ReceiptCountersTable {
  prefix: string;
  last_number: number;
}

export type Recommendation = "fund" | "fund_with_conditions" | "do_not_fund";

export interface ThemeReviewersTable {
  theme_id: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: Generated<Date>;
}

export interface ReviewConflictsTable {
  proposal_id: string;
  reviewer_id: string;
  reason: string;
  /** declared by the reviewer, or found from their membership of an applicant (kept after they leave). */
  kind: ColumnType<"declared" | "membership", "declared" | "membership" | undefined, never>;
  created_at: Generated<Date>;
}

export interface ReviewsTable {
  id: string;
  proposal_id: string;
  /** The proposal's theme (kept with the review so a theme's reviews are one index range). */
  theme_id: string;
  reviewer_id: string;
  stage: ColumnType<1 | 2, 1 | 2 | undefined, 1 | 2>;
  status: ColumnType<"draft" | "submitted", "draft" | "submitted" | undefined, "draft" | "submitted">;
  scores: ColumnType<Record<string, number>, string | undefined, string>;
  /** reviewTotal(criteria, scores), kept when the review is saved and when the criteria change. */
  total: ColumnType<number | null, number | null | undefined, number | null>;
  comments: ColumnType<Record<string, string>, string | undefined, string>;
  overall_comment: ColumnType<string, string | undefined, string>;
  recommendation: Recommendation | null;
  submitted_at: NullableTimestamp;
  updated_at: Generated<Date>;
}

export interface ReviewerInvitationsTable {
  theme_id: string;
  email: string;
  invited_by: string | null;
  created_at: Generated<Date>;
  accepted_at: NullableTimestamp;
}

export interface DecisionsTable {
  proposal_id: string;
  decision: "funded" | "not_funded";
  amount: ColumnType<number, number | undefined, number>;
  conditions: ColumnType<string, string | undefined, string>;
  feedback: ColumnType<string, string | undefined, string>;
  decided_by: string | null;
  decided_at: Generated<Date>;
}

export const PROJECT_STATUSES = ["active", "completed", "stopped"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export interface ProjectsTable {
  id: string;
  proposal_id: string;
  theme_id: string;
  title: string;
  summary: string;
  grant_amount: number;
  status: ColumnType<ProjectStatus, ProjectStatus | undefined, ProjectStatus>;
  final_report: ColumnType<FinalReport | null, string | null | undefined, string | null>;
  final_status: ColumnType<FinalStatus, FinalStatus | undefined, FinalStatus>;
  final_comment: ColumnType<string, string | undefined, string>;
  created_at: Generated<Date>;
  /** Its organisations' areas when it was funded (for `/projects?area=`). */
  areas: TextArray;
}

export type FinalStatus = "none" | "submitted" | "returned" | "accepted";

export interface FinalReport {
  outcomes: { indicator: string; target: string; achieved: string }[];
  spending: { item: string; planned: number; spent: number }[];
  selfEvaluation: string;
}

export interface ProjectContinuationsTable {
  project_id: string;
  year: number;
  decision: "continue" | "stop";
  note: ColumnType<string, string | undefined, string>;
  decided_by: string | null;
  decided_at: Generated<Date>;
}

export type MilestoneStatus = "planned" | "submitted" | "returned" | "approved";

export interface MilestonesTable {
  id: string;
  project_id: string;
  position: number;
  title: string;
  due_on: string;
  deliverable: ColumnType<string, string | undefined, string>;
  status: ColumnType<MilestoneStatus, MilestoneStatus | undefined, MilestoneStatus>;
  approved_at: NullableTimestamp;
}

export interface MilestoneReportsTable {
  id: string;
  milestone_id: string;
  body: string;
  public_excerpt: ColumnType<string, string | undefined, string>;
  spent: ColumnType<number, number | undefined, number>;
  status: ColumnType<
    "submitted" | "returned" | "approved",
    "submitted" | "returned" | "approved" | undefined,
    "submitted" | "returned" | "approved"
  >;
  staff_comment: ColumnType<string, string | undefined, string>;
  submitted_by: string | null;
  submitted_at: Generated<Date>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
}

export interface DraftNudgesTable {
  proposal_id: string;
  kind: "week" | "day";
  closes_at: Date;
  sent_at: Date;
}

export interface ReviewDeadlineRemindersTable {
  theme_id: string;
  reviewer_id: string;
  kind: "three_days" | "one_day";
  deadline: string;
  sent_at: Date;
}

export interface MilestoneRemindersTable {
  milestone_id: string;
  kind: "week" | "day" | "overdue";
  sent_at: Generated<Date>;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  email_tokens: EmailTokensTable;
  login_throttles: LoginThrottlesTable;
  mail_outbox: MailOutboxTable;
  audit_log: AuditLogTable;
  app_settings: AppSettingsTable;
  organizations: OrganizationsTable;
  organization_members: OrganizationMembersTable;
  organization_invitations: OrganizationInvitationsTable;
  partner_listings: PartnerListingsTable;
  partnership_requests: PartnershipRequestsTable;
  partnership_messages: PartnershipMessagesTable;
  notifications: NotificationsTable;
  courses: CoursesTable;
  themes: ThemesTable;
  theme_criteria: ThemeCriteriaTable;
  files: FilesTable;
  theme_questions: ThemeQuestionsTable;
  consultations: ConsultationsTable;
  consultation_messages: ConsultationMessagesTable;
  subscriptions: SubscriptionsTable;
  theme_announcements: ThemeAnnouncementsTable;
  proposals: ProposalsTable;
  proposal_sections: ProposalSectionsTable;
  proposal_partners: ProposalPartnersTable;
  receipt_counters: ReceiptCountersTable;
  theme_reviewers: ThemeReviewersTable;
  review_conflicts: ReviewConflictsTable;
  reviews: ReviewsTable;
  decisions: DecisionsTable;
  reviewer_invitations: ReviewerInvitationsTable;
  projects: ProjectsTable;
  milestones: MilestonesTable;
  milestone_reports: MilestoneReportsTable;
  milestone_reminders: MilestoneRemindersTable;
  review_deadline_reminders: ReviewDeadlineRemindersTable;
  draft_nudges: DraftNudgesTable;
  project_continuations: ProjectContinuationsTable;
  notice_preferences: NoticePreferencesTable;
  digest_items: DigestItemsTable;
  digest_runs: DigestRunsTable;
  organization_helpers: OrganizationHelpersTable;
  proposal_section_versions: ProposalSectionVersionsTable;
}

/** Every saved version of a proposal's section, with who typed it (as a helper or not). */
export interface ProposalSectionVersionsTable {
  proposal_id: string;
  section: string;
  version: number;
  content: ColumnType<Record<string, unknown>, string, string>;
  saved_by: string | null;
  as_helper: boolean;
  saved_at: Timestamp;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type OutboxMessage = Selectable<MailOutboxTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type Organization = Selectable<OrganizationsTable>;
export type PartnerListing = Selectable<PartnerListingsTable>;
export type Theme = Selectable<ThemesTable>;
export type Criterion = Selectable<ThemeCriteriaTable>;

/** A person's choice for a group of notices' e-mail (no row: immediate). */
export interface NoticePreferencesTable {
  user_id: string;
  notice_group: string;
  delivery: "immediate" | "digest" | "off";
}

/** A notice waiting for its person's daily e-mail. */
export interface DigestItemsTable {
  id: Generated<number>;
  user_id: string;
  message_key: string;
  params: ColumnType<Record<string, string>, string, string>;
  link: string;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
}

/** One daily e-mail per person and day (Japan time), claimed before it is written. */
export interface DigestRunsTable {
  user_id: string;
  day: ColumnType<string, string, string>;
  sent_at: Date;
}
