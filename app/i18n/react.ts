import { useRouteLoaderData } from "@remix-run/react";
import { useMemo, useSyncExternalStore } from "react";
import { DEFAULT_LOCALE, type Locale, type Translate, translator } from "./index";
import { catalogVersion, onCatalogChange } from "./store";

export function useLocale(): Locale {
  const root = useRouteLoaderData<{ locale: Locale }>("root");
  return root?.locale ?? DEFAULT_LOCALE;
}

/** The page's translator; a page shown with its first words only renders again when the rest arrive. */
export function useT(): Translate {
  const locale = useLocale();
  const version = useSyncExternalStore(onCatalogChange, catalogVersion, catalogVersion);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new translator tells memoised children the words changed
  return useMemo(() => translator(locale), [locale, version]);
}
