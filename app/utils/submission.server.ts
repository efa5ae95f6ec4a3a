import { parseWithValibot } from "@conform-to/valibot";
import type { GenericSchema } from "valibot";
import { badRequest } from "./http.server";

const MAX_ROW_INDEX = 100;
const MAX_FIELDS = 2000;

/**
 * Conform builds the arrays a form's field names describe before any schema runs, so one field
 * named `lines[10000000].item` made the server allocate gigabytes. Every form here has at most a
 * few dozen rows: anything beyond is refused outright.
 */
export function assertReasonableFieldNames(formData: FormData | URLSearchParams): void {
  let count = 0;
  for (const name of formData.keys()) {
    count += 1;
    if (count > MAX_FIELDS) throw badRequest();
    for (const match of name.matchAll(/\[(\d+)\]/g)) {
      if (match[1].length > 3 || Number(match[1]) >= MAX_ROW_INDEX) throw badRequest();
    }
  }
}

/** The server side of every form: the field-name guard, then Conform's valibot parsing. */
export function parseSubmission<Schema extends GenericSchema>(
  formData: FormData | URLSearchParams,
  config: { schema: Schema },
) {
  assertReasonableFieldNames(formData);
  return parseWithValibot(formData, config);
}
