import { type Locale, translator } from "../app/i18n";
import { MailAction, MailLayout, MailText } from "./layout";

export interface VerifyEmailProps {
  locale: Locale;
  name: string;
  url: string;
  hours: number;
}

export function verifyEmailSubject({ locale }: VerifyEmailProps) {
  return translator(locale)("mail.verify.subject");
}

export default function VerifyEmail({ locale, name, url, hours }: VerifyEmailProps) {
  const t = translator(locale);
  return (
    <MailLayout locale={locale} preview={t("mail.verify.body")}>
      <MailText>{t("mail.greeting", { name })}</MailText>
      <MailText>{t("mail.verify.body")}</MailText>
      <MailAction locale={locale} url={url} label={t("mail.verify.button")} />
      <MailText>{t("mail.verify.expires", { hours })}</MailText>
    </MailLayout>
  );
}

VerifyEmail.PreviewProps = {
  locale: "ja",
  name: "練馬 花子",
  url: "http://localhost:3000/verify-email?token=preview",
  hours: 24,
} satisfies VerifyEmailProps;
