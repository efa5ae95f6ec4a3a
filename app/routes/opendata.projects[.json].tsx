import { jsonResponse, projectRecords } from "~/utils/opendata.server";

// Read: anyone. Open data, CC BY 4.0.
export function loader() {
  return jsonResponse(projectRecords(), "projects.json");
}
