import { DEFAULT_LOCALE, isLocale, type MessageKey, translator } from "~/i18n";

interface MatchLike {
  id: string;
  data: unknown;
}

/** A page title in the reader's language, followed by the site's name. */
export function pageTitle(matches: MatchLike[], key: MessageKey) {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const t = translator(isLocale(rootData?.locale) ? rootData.locale : DEFAULT_LOCALE);
  return [{ title: `${t(key)} | ${t("site.name")}` }];
}
