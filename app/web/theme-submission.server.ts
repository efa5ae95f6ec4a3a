import { checkCriteria } from "~/models/theme-rules";
import { consultationSchema, questionSchema, themeSchema } from "~/models/theme-schemas";
import { parseSubmission } from "~/utils/submission.server";

/** Parses the staff theme form: the schema, then the criteria rules, each error at its own field. */
export function parseThemeForm(formData: FormData) {
  const submission = parseSubmission(formData, { schema: themeSchema });
  if (submission.status !== "success") return { ok: false as const, reply: submission.reply() };
  const { criteria, errors } = checkCriteria(submission.value.criteria);
  if (Object.keys(errors).length > 0) {
    const fieldErrors = Object.fromEntries(Object.entries(errors).map(([name, message]) => [name, [message]]));
    return { ok: false as const, reply: submission.reply({ fieldErrors }) };
  }
  return { ok: true as const, submission, values: submission.value, criteria };
}

// The theme page's two member forms, parsed here so that the page's own JavaScript, which every
// visitor loads, does not carry their schemas (the forms' lazy chunk does).

/** A question asked in public on a theme's page. */
export const parseQuestion = (formData: FormData) => parseSubmission(formData, { schema: questionSchema });

/** A request for a 事前相談 from a theme's page. */
export const parseConsultation = (formData: FormData) => parseSubmission(formData, { schema: consultationSchema });
