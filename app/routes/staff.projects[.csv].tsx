import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { toCsv } from "~/utils/csv";
import { csvResponse } from "~/utils/http.server";
import { staffProjectRows } from "./staff.projects";

// Read: staff.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "staff");
  const { rows } = await staffProjectRows(request);
  const csv = toCsv(
    ["id", "title", "theme", "course", "grant_amount", "state", "milestones_done", "milestones_total"],
    rows.map((r) => [r.id, r.title, r.theme, r.course, r.grant, r.state, r.done, r.total]),
  );
  return csvResponse(csv, "projects.csv");
}
