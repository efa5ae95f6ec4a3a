import * as v from "valibot";

// Pieces the forms' schemas (*-schemas.ts) are built from, so a rule every form shares is written once.

/** Text that must be given: trimmed, not empty, at most `max` characters. */
export const requiredText = (max: number, message: string) =>
  v.pipe(v.string(message), v.trim(), v.nonEmpty(message), v.maxLength(max, message));

/** A list from checkboxes, at least one ticked: Conform gives one value as a string, several as an array. */
export const choices = <T extends readonly string[]>(options: T, message: string) =>
  v.pipe(
    v.union([v.picklist(options, message), v.array(v.picklist(options, message), message)], message),
    v.transform((value) => (Array.isArray(value) ? value : [value])),
    v.minLength(1, message),
  );

/**
 * Text that may be left empty, at most `max` characters. Empty, it is undefined (Conform gives an
 * empty input as undefined and would turn a "" default back into undefined): callers write `?? ""`.
 * `trim: false` keeps the text exactly as typed (what staff write to applicants).
 */
export const optionalText = (max: number, message: string, { trim = true }: { trim?: boolean } = {}) =>
  v.optional(
    v.pipe(
      v.string(),
      v.transform((s) => (trim ? s.trim() : s)),
      v.maxLength(max, message),
    ),
  );
