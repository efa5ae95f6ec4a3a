import { render } from "@react-email/render";
import { createElement } from "react";
import ChangeEmail, { type ChangeEmailProps, changeEmailSubject } from "./change-email";
import ResetPassword, { type ResetPasswordProps, resetPasswordSubject } from "./reset-password";
import VerifyEmail, { type VerifyEmailProps, verifyEmailSubject } from "./verify-email";

// One entry per message: the outbox stores the template's name, so a message can be traced to its source.
const templates = {
  "verify-email": { component: VerifyEmail, subject: verifyEmailSubject },
  "reset-password": { component: ResetPassword, subject: resetPasswordSubject },
  "change-email": { component: ChangeEmail, subject: changeEmailSubject },
};

export interface TemplateProps {
  "verify-email": VerifyEmailProps;
  "reset-password": ResetPasswordProps;
  "change-email": ChangeEmailProps;
}
export type TemplateName = keyof TemplateProps;

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export async function renderMail<N extends TemplateName>(name: N, props: TemplateProps[N]): Promise<RenderedMail> {
  const template = templates[name] as unknown as {
    component: (p: TemplateProps[N]) => React.ReactElement;
    subject: (p: TemplateProps[N]) => string;
  };
  const element = createElement(template.component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: template.subject(props), html, text };
}
