import { Link } from "@remix-run/react";
import { useT } from "~/i18n/react";

export function Pagination({ page, pages, basePath }: { page: number; pages: number; basePath: string }) {
  const t = useT();
  if (pages <= 1) return null;
  const href = (p: number) => `${basePath}?page=${p}`;
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? <Link to={href(page - 1)}>{t("pagination.prev")}</Link> : null}
      <span>{t("pagination.status", { page, pages })}</span>
      {page < pages ? <Link to={href(page + 1)}>{t("pagination.next")}</Link> : null}
    </nav>
  );
}
