import { Link } from "@react-email/components";
import { type Locale, translator } from "../app/i18n";
import { formatDateTime } from "../app/utils/japan-time";
import { MailAction, MailLayout, MailText } from "./layout";

export interface ThemePublishedProps {
  locale: Locale;
  name: string;
  title: string;
  closesAt: string;
  url: string;
  unsubscribeUrl: string;
}

export function themePublishedSubject({ locale, title }: ThemePublishedProps) {
  return translator(locale)("mail.themePublished.subject", { title });
}

/** Sent once to each subscriber whose fields or courses match a newly published theme. */
export default function ThemePublished({ locale, name, title, closesAt, url, unsubscribeUrl }: ThemePublishedProps) {
  const t = translator(locale);
  return (
    <MailLayout locale={locale} preview={t("mail.themePublished.body", { title })}>
      <MailText>{t("mail.greeting", { name })}</MailText>
      <MailText>{t("mail.themePublished.body", { title })}</MailText>
      <MailText>{t("mail.themePublished.deadline", { date: formatDateTime(closesAt, locale) })}</MailText>
      <MailAction locale={locale} url={url} label={t("mail.themePublished.button")} />
      <MailText>
        {t("mail.themePublished.why")} <Link href={unsubscribeUrl}>{t("mail.themePublished.unsubscribe")}</Link>
        <br />
        {unsubscribeUrl}
      </MailText>
    </MailLayout>
  );
}

ThemePublished.PreviewProps = {
  locale: "ja",
  name: "練馬 花子",
  title: "地域の防災力を高める協働事業",
  closesAt: "2027-01-29T08:00:00.000Z",
  url: "http://localhost:3000/themes/preview",
  unsubscribeUrl: "http://localhost:3000/unsubscribe?token=preview",
} satisfies ThemePublishedProps;
