/**
 * npm run email:preview — writes every template, in Japanese and English, rendered with its
 * PreviewProps, to build/email-preview/*.html (open them in a browser) and *.txt.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import ChangeEmail from "./change-email";
import Digest from "./digest";
import { renderMail, type TemplateName, type TemplateProps } from "./index";
import Notice from "./notice";
import ResetPassword from "./reset-password";
import ThemePublished from "./theme-published";
import VerifyEmail from "./verify-email";

const previews: { [N in TemplateName]: TemplateProps[N] } = {
  "verify-email": VerifyEmail.PreviewProps,
  "reset-password": ResetPassword.PreviewProps,
  "change-email": ChangeEmail.PreviewProps,
  notice: Notice.PreviewProps,
  "theme-published": ThemePublished.PreviewProps,
  digest: Digest.PreviewProps,
};

const outDir = path.resolve("build/email-preview");
mkdirSync(outDir, { recursive: true });
for (const name of Object.keys(previews) as TemplateName[]) {
  for (const locale of ["ja", "en"] as const) {
    const mail = await renderMail(name, { ...previews[name], locale } as TemplateProps[typeof name]);
    writeFileSync(path.join(outDir, `${name}.${locale}.html`), mail.html);
    writeFileSync(path.join(outDir, `${name}.${locale}.txt`), `Subject: ${mail.subject}\n\n${mail.text}\n`);
  }
}
console.log(`Wrote previews to ${outDir}`);
