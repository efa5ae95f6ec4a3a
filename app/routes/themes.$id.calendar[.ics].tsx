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
  const opening =
    theme.opens_at.getTime() > Date.now()
      ? [
          {
            uid: `theme-${theme.id}-opens@nerima-kyodo-lab`,
            title: t("calendar.opens", { title: theme.title }),
            at: theme.opens_at,
            leadMinutes: 0,
            description: t("calendar.description", { url }),
            url,
          },
        ]
      : [];
  return calendarFile(theme.title, [
    ...opening,
    {
      uid: `theme-${theme.id}-closes@nerima-kyodo-lab`,
      title: t("calendar.closes", { title: theme.title }),
      at: theme.closes_at,
      leadMinutes: 30,
      description: t("calendar.description", { url }),
      url,
    },
  ]);
}
