import { type Locale, type MessageKey, translator } from "../app/i18n";
import { readableDates } from "../app/utils/japan-time";
import { MailAction, MailLayout, MailText } from "./layout";

/** Each kind has `mail.<kind>.subject`, `.body` and `.button` in the catalogs. */
export const NOTICE_KINDS = [
  "orgInvitation",
  "orgVerified",
  "orgReturned",
  "requestReceived",
  "requestReply",
  "requestDecided",
  "consultation",
  "proposalInvitation",
  "proposalAccepted",
  "proposalDeclined",
  "proposalApproved",
  "approvalsWithdrawn",
  "proposalReceipt",
  "reviewAssignment",
  "reviewReminder",
  "resultFunded",
  "resultNotFunded",
  "reviewerInvitation",
  "reportSubmitted",
  "reportApproved",
  "reportReturned",
  "finalSubmitted",
  "finalAccepted",
  "finalReturned",
  "milestoneDue",
  "milestoneOverdue",
  "alreadyRegistered",
  "reviewDeadline",
  "presentationInvitation",
  "deadlineChanged",
  "draftNudge",
  "questionAsked",
  "helperInvitation",
  "submissionRequested",
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface NoticeProps {
  locale: Locale;
  /** The recipient's name; null when they have no account yet. */
  name: string | null;
  kind: NoticeKind;
  params: Record<string, string>;
  url: string;
}

const key = (kind: NoticeKind, part: "subject" | "body" | "button") => `mail.${kind}.${part}` as MessageKey;

export function noticeSubject({ locale, kind, params }: NoticeProps) {
  return translator(locale)(key(kind, "subject"), readableDates(params, locale));
}

/** One template for the notices people act on: a greeting, the message, one button. */
export default function Notice({ locale, name, kind, params, url }: NoticeProps) {
  const t = translator(locale);
  const body = t(key(kind, "body"), readableDates(params, locale));
  return (
    <MailLayout locale={locale} preview={body.split("\n")[0]}>
      <MailText>{name ? t("mail.greeting", { name }) : t("mail.dear")}</MailText>
      {body.split(/\n{2,}/).map((paragraph, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a fixed text
        <MailText key={i}>{paragraph}</MailText>
      ))}
      <MailAction locale={locale} url={url} label={t(key(kind, "button"))} />
      {kind === "orgInvitation" || kind === "helperInvitation" ? (
        <MailText>{t("mail.orgInvitation.expires")}</MailText>
      ) : null}
    </MailLayout>
  );
}

Notice.PreviewProps = {
  locale: "ja",
  name: "大泉 さくら",
  kind: "requestReceived",
  params: {
    from: "石神井台三丁目町会",
    to: "NPO法人 ねりま子ども応援団",
    message: "防災訓練をいっしょに企画しませんか。",
  },
  url: "http://localhost:3000/requests/preview",
} satisfies NoticeProps;
