// C0 controls and DEL, except tab, line feed and carriage return, which text areas legitimately send.
// NUL breaks PostgreSQL text; the others have no business in anything a person types.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function withoutControlCharacters(value: string): string {
  return value.replace(CONTROL, "");
}

/** The same form with control characters taken out of every name and text value (files kept as they are). */
export function withoutControlCharactersInForm(form: FormData): FormData {
  const cleaned = new FormData();
  for (const [name, value] of form) {
    if (typeof value === "string") cleaned.append(withoutControlCharacters(name), withoutControlCharacters(value));
    else cleaned.append(withoutControlCharacters(name), value, withoutControlCharacters(value.name));
  }
  return cleaned;
}
