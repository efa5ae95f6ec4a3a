import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { toCsv } from "~/utils/csv";
import { staffProjectRows } from "./staff.projects";

// Read: staff. UTF-8 with a byte-order mark for Excel.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { rows } = await staffProjectRows(request);
  const csv = toCsv(
    ["id", "title", "theme", "course", "grant_amount", "state", "milestones_done", "milestones_total"],
    rows.map((r) => [r.id, r.title, r.theme, r.course, r.grant, r.state, r.done, r.total]),
  );
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="projects.csv"',
      "Cache-Control": "no-store",
    },
  });
}
