import { Link, useLocation } from "@remix-run/react";
import { useT } from "~/i18n/react";

/**
 * Previous / next links that keep the page's other query parameters (filters). `extra` sets more
 * parameters on the links and `hash` a place on the page (several lists paged on one page).
 */
export function Pagination({
  page,
  pages,
  extra,
  hash,
}: {
  page: number;
  pages: number;
  extra?: Record<string, string>;
  hash?: string;
}) {
  const t = useT();
  const location = useLocation();
  if (pages <= 1) return null;
  const href = (p: number) => {
    const params = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries(extra ?? {})) params.set(key, value);
    params.set("page", String(p));
    return `${location.pathname}?${params}${hash ? `#${hash}` : ""}`;
  };
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? <Link to={href(page - 1)}>{t("pagination.prev")}</Link> : null}
      <span>{t("pagination.status", { page, pages })}</span>
      {page < pages ? <Link to={href(page + 1)}>{t("pagination.next")}</Link> : null}
    </nav>
  );
}
