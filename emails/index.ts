import { toPlainText } from "@react-email/render";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import ChangeEmail, { type ChangeEmailProps, changeEmailSubject } from "./change-email";
import Digest, { type DigestProps, digestSubject } from "./digest";
import Notice, { type NoticeProps, noticeSubject } from "./notice";
import ResetPassword, { type ResetPasswordProps, resetPasswordSubject } from "./reset-password";
import ThemePublished, { type ThemePublishedProps, themePublishedSubject } from "./theme-published";
import VerifyEmail, { type VerifyEmailProps, verifyEmailSubject } from "./verify-email";

// One entry per message: the outbox stores the template's name, so a message can be traced to its source.
const templates = {
  "verify-email": { component: VerifyEmail, subject: verifyEmailSubject },
  "reset-password": { component: ResetPassword, subject: resetPasswordSubject },
  "change-email": { component: ChangeEmail, subject: changeEmailSubject },
  notice: { component: Notice, subject: noticeSubject },
  "theme-published": { component: ThemePublished, subject: themePublishedSubject },
  digest: { component: Digest, subject: digestSubject },
};

export interface TemplateProps {
  "verify-email": VerifyEmailProps;
  "reset-password": ResetPasswordProps;
  "change-email": ChangeEmailProps;
  notice: NoticeProps;
  "theme-published": ThemePublishedProps;
  digest: DigestProps;
}
export type TemplateName = keyof TemplateProps;

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

const XHTML_DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

export async function renderMail<N extends TemplateName>(name: N, props: TemplateProps[N]): Promise<RenderedMail> {
  const template = templates[name] as unknown as {
    component: (p: TemplateProps[N]) => React.ReactElement;
    subject: (p: TemplateProps[N]) => string;
  };
  // Not @react-email/render's render(): it goes through React 18's renderToReadableStream, which
  // inserts NUL bytes where a multi-byte character straddles a chunk (seen with Japanese text).
  // Our templates use no Suspense, so the synchronous static renderer gives the same markup.
  const markup = renderToStaticMarkup(createElement(template.component, props));
  const html = `${XHTML_DOCTYPE}${markup}`;
  return { subject: template.subject(props), html, text: toPlainText(html) };
}
