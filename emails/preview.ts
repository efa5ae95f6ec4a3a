/**
 * npm run email:preview — writes every template, in Japanese and English, rendered with its
 * PreviewProps, to build/email-preview/*.html (open them in a browser) and *.txt.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import ChangeEmail from "./change-email";
import { renderMail, type TemplateName } from "./index";
import ResetPassword from "./reset-password";
import VerifyEmail from "./verify-email";

const previews: Record<TemplateName, typeof VerifyEmail.PreviewProps> = {
  "verify-email": VerifyEmail.PreviewProps,
  "reset-password": ResetPassword.PreviewProps,
  "change-email": ChangeEmail.PreviewProps,
};

const outDir = path.resolve("build/email-preview");
mkdirSync(outDir, { recursive: true });
for (const [name, props] of Object.entries(previews) as [TemplateName, typeof VerifyEmail.PreviewProps][]) {
  for (const locale of ["ja", "en"] as const) {
    const mail = await renderMail(name, { ...props, locale });
    writeFileSync(path.join(outDir, `${name}.${locale}.html`), mail.html);
    writeFileSync(path.join(outDir, `${name}.${locale}.txt`), `Subject: ${mail.subject}\n\n${mail.text}\n`);
  }
}
console.log(`Wrote previews to ${outDir}`);
