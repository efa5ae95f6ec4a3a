import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, type Locale, type Translate, translator } from "./index";

export function useLocale(): Locale {
  const root = useRouteLoaderData<{ locale: Locale }>("root");
  return root?.locale ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => translator(locale), [locale]);
}
