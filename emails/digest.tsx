import { Link } from "@react-email/components";
import { type Locale, translator } from "../app/i18n";
import { MailLayout, MailText } from "./layout";

export interface DigestProps {
  locale: Locale;
  name: string;
  /** Each notice kept for today's e-mail: its line, and where it leads. */
  items: { text: string; url: string }[];
  settingsUrl: string;
}

export function digestSubject({ locale, items }: DigestProps) {
  return translator(locale)("mail.digest.subject", { count: items.length });
}

/** Once a day, the notices a person asked to receive together. */
export default function Digest({ locale, name, items, settingsUrl }: DigestProps) {
  const t = translator(locale);
  return (
    <MailLayout locale={locale} preview={t("mail.digest.body", { count: items.length })}>
      <MailText>{t("mail.greeting", { name })}</MailText>
      <MailText>{t("mail.digest.body", { count: items.length })}</MailText>
      {items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, in the order it was written
        <MailText key={i}>
          {i + 1}. {item.text}
          <br />
          <Link href={item.url}>{item.url}</Link>
        </MailText>
      ))}
      <MailText>
        {t("mail.digest.why")} <Link href={settingsUrl}>{t("mail.digest.settings")}</Link>
      </MailText>
    </MailLayout>
  );
}

Digest.PreviewProps = {
  locale: "ja",
  name: "大泉 さくら",
  items: [
    {
      text: "「NPO法人 ねりま子ども応援団」が共同提案への参加を承諾しました。",
      url: "http://localhost:3000/proposals/preview",
    },
    { text: "マイルストーン「交流会の開催」の期日が近づいています。", url: "http://localhost:3000/projects/preview" },
  ],
  settingsUrl: "http://localhost:3000/notifications/settings",
} satisfies DigestProps;
