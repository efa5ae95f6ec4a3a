import type { Locale } from "../i18n";

/** What an action needs to write links into e-mail and stamp the time. */
export interface MailContext {
  publicUrl: string;
  locale: Locale;
  now: Date;
}
