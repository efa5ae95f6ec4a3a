import type { Migration } from "kysely";
import * as foundation from "./2026-11-26-001-foundation";
import * as organizations from "./2026-11-27-002-organizations";
import * as themes from "./2026-11-27-003-themes";
import * as proposals from "./2026-11-27-004-proposals";
import * as reviews from "./2026-11-27-005-reviews";
import * as projects from "./2026-11-27-006-projects";
import * as reviewTotals from "./2026-11-27-007-review-totals";
import * as mailLeaseToken from "./2026-11-30-008-mail-lease-token";
import * as twoFactorSessions from "./2026-11-30-009-two-factor-sessions";
import * as stickyConflicts from "./2026-11-30-010-sticky-conflicts";
import * as namesFlag from "./2026-11-30-011-names-flag";
import * as reviewDeadline from "./2026-11-30-012-review-deadline";
import * as presentationInvitations from "./2026-11-30-013-presentation-invitations";
import * as reviewsByTheme from "./2026-11-30-014-reviews-by-theme";
import * as minReviewers from "./2026-11-30-015-min-reviewers";
import * as privacyConsent from "./2026-11-30-016-privacy-consent";
import * as themeSearch from "./2026-12-01-017-theme-search";
import * as projectFilters from "./2026-12-01-018-project-filters";
import * as photoDescriptions from "./2026-12-01-019-photo-descriptions";
import * as draftNudges from "./2026-12-01-020-draft-nudges";
import * as changeNotices from "./2026-12-01-021-change-notices";
import * as partnerApprovals from "./2026-12-01-022-partner-approvals";
import * as noticeDeliveries from "./2026-12-01-023-notice-deliveries";
import * as listingThemes from "./2026-12-01-024-listing-themes";
import * as calendarFeeds from "./2026-12-01-025-calendar-feeds";
import * as assistedInput from "./2026-12-01-026-assisted-input";

// An explicit list rather than FileMigrationProvider: it works under vitest (which cannot `import()` .ts
// files natively) and inside the server bundle alike. Append new migrations here, in date order.
export const migrations: Record<string, Migration> = {
  "2026-11-26-001-foundation": foundation,
  "2026-11-27-002-organizations": organizations,
  "2026-11-27-003-themes": themes,
  "2026-11-27-004-proposals": proposals,
  "2026-11-27-005-reviews": reviews,
  "2026-11-27-006-projects": projects,
  "2026-11-27-007-review-totals": reviewTotals,
  "2026-11-30-008-mail-lease-token": mailLeaseToken,
  "2026-11-30-009-two-factor-sessions": twoFactorSessions,
  "2026-11-30-010-sticky-conflicts": stickyConflicts,
  "2026-11-30-011-names-flag": namesFlag,
  "2026-11-30-012-review-deadline": reviewDeadline,
  "2026-11-30-013-presentation-invitations": presentationInvitations,
  "2026-11-30-014-reviews-by-theme": reviewsByTheme,
  "2026-11-30-015-min-reviewers": minReviewers,
  "2026-11-30-016-privacy-consent": privacyConsent,
  "2026-12-01-017-theme-search": themeSearch,
  "2026-12-01-018-project-filters": projectFilters,
  "2026-12-01-019-photo-descriptions": photoDescriptions,
  "2026-12-01-020-draft-nudges": draftNudges,
  "2026-12-01-021-change-notices": changeNotices,
  "2026-12-01-022-partner-approvals": partnerApprovals,
  "2026-12-01-023-notice-deliveries": noticeDeliveries,
  "2026-12-01-024-listing-themes": listingThemes,
  "2026-12-01-025-calendar-feeds": calendarFeeds,
  "2026-12-01-026-assisted-input": assistedInput,
};
