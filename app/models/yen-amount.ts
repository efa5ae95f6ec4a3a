import * as v from "valibot";

/**
 * The digits of an amount of yen as people type it: full-width digits, commas (, or ，), spaces
 * and 円 are all accepted (「１４０，０００円」 is 140000). Used for every amount a form takes.
 */
export function yenDigits(typed: string): string {
  return typed.normalize("NFKC").replace(/[,，円\s]/g, "");
}

/** An amount of yen, 0 to 999,999,999; `emptyIsZero` where leaving the field empty means nothing spent. */
export function yenAmount(message: string, options: { emptyIsZero?: boolean } = {}) {
  return v.pipe(
    v.string(message),
    v.transform((typed) => yenDigits(typed) || (options.emptyIsZero ? "0" : "")),
    v.regex(/^\d{1,9}$/, message),
    v.transform(Number),
  );
}
