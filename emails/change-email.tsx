import { type Locale, translator } from "../app/i18n";
import { MailAction, MailLayout, MailText } from "./layout";

export interface ChangeEmailProps {
  locale: Locale;
  name: string;
  url: string;
  hours: number;
}

export function changeEmailSubject({ locale }: ChangeEmailProps) {
  return translator(locale)("mail.change.subject");
}

export default function ChangeEmail({ locale, name, url, hours }: ChangeEmailProps) {
  const t = translator(locale);
  return (
    <MailLayout locale={locale} preview={t("mail.change.body")}>
      <MailText>{t("mail.greeting", { name })}</MailText>
      <MailText>{t("mail.change.body")}</MailText>
      <MailAction locale={locale} url={url} label={t("mail.change.button")} />
      <MailText>{t("mail.verify.expires", { hours })}</MailText>
    </MailLayout>
  );
}

ChangeEmail.PreviewProps = {
  locale: "ja",
  name: "練馬 花子",
  url: "http://localhost:3000/verify-email?token=preview",
  hours: 24,
} satisfies ChangeEmailProps;
