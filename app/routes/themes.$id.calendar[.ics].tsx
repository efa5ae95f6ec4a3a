import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireVisibleTheme } from "~/auth/theme-access.server";
import { translator } from "~/i18n";
import { services } from "~/services.server";
import { getLocale } from "~/utils/locale.server";
import { calendarFile } from "~/web/calendar.server";

// Read: whoever may see the theme (a draft only staff). The theme's deadline, and its opening while
// still ahead, as a calendar file: 「カレンダーに追加」 on the theme page.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { theme } = await requireVisibleTheme(request, params.id ?? "");
  const t = translator(await getLocale(request));
  const url = `${services().config.publicUrl}/themes/${theme.id}`;
  const moment = (kind: "opens" | "closes", at: Date, leadMinutes: number) => ({
    uid: `theme-${theme.id}-${kind}@nerima-kyodo-lab`,
    title: t(`calendar.${kind}`, { title: theme.title }),
    at,
    leadMinutes,
    description: t("calendar.description", { url }),
    url,
  });
  const opening = theme.opens_at.getTime() > Date.now() ? [moment("opens", theme.opens_at, 0)] : [];
  return calendarFile(theme.title, [...opening, moment("closes", theme.closes_at, 30)]);
}
