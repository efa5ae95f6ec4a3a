import { THEME_COLUMNS } from "~/models/opendata";
import { csvResponse, themeRecords } from "~/utils/opendata.server";

// Read: anyone. Open data, CC BY 4.0.
export function loader() {
  return csvResponse(
    THEME_COLUMNS.map((c) => c.name),
    themeRecords(),
    "themes.csv",
  );
}
