import { DEFAULT_LOCALE, isLocale, type MessageKey, translator } from "~/i18n";

interface MatchLike {
  id: string;
  data: unknown;
}

function rootTranslator(matches: MatchLike[]) {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  return translator(isLocale(rootData?.locale) ? rootData.locale : DEFAULT_LOCALE);
}

/** A page title in the reader's language, followed by the site's name. */
export function pageTitle(matches: MatchLike[], key: MessageKey) {
  const t = rootTranslator(matches);
  return [{ title: `${t(key)} | ${t("site.name")}` }];
}

/** A title made of data (an organisation's name…), followed by the site's name. */
export function dataTitle(matches: MatchLike[], text: string | undefined) {
  const t = rootTranslator(matches);
  return [{ title: text ? `${text} | ${t("site.name")}` : t("site.name") }];
}
