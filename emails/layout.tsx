import { Body, Button, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { type Locale, translator } from "../app/i18n";

const styles = {
  body: {
    backgroundColor: "#f4f4f0",
    fontFamily: "'Hiragino Sans', 'Noto Sans JP', Meiryo, sans-serif",
    color: "#1a1a1a",
  },
  container: { backgroundColor: "#ffffff", margin: "24px auto", padding: "24px", maxWidth: "560px" },
  brand: { fontSize: "14px", fontWeight: 700, color: "#1d5a3a", margin: "0 0 16px" },
  text: { fontSize: "16px", lineHeight: "1.8" },
  button: {
    backgroundColor: "#1d5a3a",
    color: "#ffffff",
    fontSize: "16px",
    fontWeight: 700,
    padding: "14px 20px",
    borderRadius: "6px",
    textDecoration: "none",
  },
  small: { fontSize: "13px", lineHeight: "1.7", color: "#444444", wordBreak: "break-all" as const },
};

export function MailLayout({ locale, preview, children }: { locale: Locale; preview: string; children: ReactNode }) {
  const t = translator(locale);
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>{t("site.name")}</Text>
          {children}
          <Hr />
          <Text style={styles.small}>{t("mail.footer")}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export function MailText({ children }: { children: ReactNode }) {
  return <Text style={styles.text}>{children}</Text>;
}

/** A big button, and the address written out for mail programs that hide buttons. */
export function MailAction({ locale, url, label }: { locale: Locale; url: string; label: string }) {
  const t = translator(locale);
  return (
    <>
      <Section style={{ margin: "24px 0" }}>
        <Button href={url} style={styles.button}>
          {label}
        </Button>
      </Section>
      <Text style={styles.small}>
        {t("mail.linkFallback")}
        <br />
        {url}
      </Text>
    </>
  );
}
