/** The start of a long text for a card: at most `length` characters, "…" where it was cut. */
export function shorten(text: string, length: number): string {
  const characters = Array.from(text);
  return characters.length > length ? `${characters.slice(0, length).join("")}…` : text;
}
