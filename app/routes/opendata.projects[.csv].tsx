import { PROJECT_COLUMNS } from "~/models/opendata";
import { csvResponse, projectRecords } from "~/utils/opendata.server";

// Read: anyone. Open data, CC BY 4.0.
export function loader() {
  return csvResponse(
    PROJECT_COLUMNS.map((c) => c.name),
    projectRecords(),
    "projects.csv",
  );
}
