import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { getTheme } from "../models/themes.server";
import { services } from "../services.server";
import { notFound } from "../utils/http.server";
import { getUser, hasRole, requireRole, type SessionUser } from "./session.server";

/** A theme as the viewer may see it: anyone once published; a draft only staff, as a preview. */
export async function visibleTheme(db: Kysely<Database>, themeId: string, user: SessionUser | null) {
  const theme = await getTheme(db, themeId);
  if (!theme) return null;
  if (theme.status === "draft" && !(user && hasRole(user, "staff"))) return null;
  return theme;
}

/** A theme page's loader and action: 404 for an unknown theme, or a draft shown to anyone but staff. */
export async function requireVisibleTheme(request: Request, themeId: string) {
  const user = await getUser(request);
  const theme = await visibleTheme(services().db, themeId, user);
  if (!theme) throw notFound();
  return { theme, user };
}

/** A staff page about one theme, draft or not: staff only (others are refused as by requireRole), 404 for an unknown theme. */
export async function requireStaffTheme(request: Request, themeId: string) {
  const { user } = await requireRole(request, "staff");
  const theme = await getTheme(services().db, themeId);
  if (!theme) throw notFound();
  return { user, theme };
}
