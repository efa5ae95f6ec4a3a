import { type Locale, translator } from "../app/i18n";
import { MailAction, MailLayout, MailText } from "./layout";

export interface ResetPasswordProps {
  locale: Locale;
  name: string;
  url: string;
  hours: number;
}

export function resetPasswordSubject({ locale }: ResetPasswordProps) {
  return translator(locale)("mail.reset.subject");
}

export default function ResetPassword({ locale, name, url, hours }: ResetPasswordProps) {
  const t = translator(locale);
  return (
    <MailLayout locale={locale} preview={t("mail.reset.body")}>
      <MailText>{t("mail.greeting", { name })}</MailText>
      <MailText>{t("mail.reset.body")}</MailText>
      <MailAction locale={locale} url={url} label={t("mail.reset.button")} />
      <MailText>{t("mail.verify.expires", { hours })}</MailText>
    </MailLayout>
  );
}

ResetPassword.PreviewProps = {
  locale: "ja",
  name: "練馬 花子",
  url: "http://localhost:3000/reset-password?token=preview",
  hours: 1,
} satisfies ResetPasswordProps;
