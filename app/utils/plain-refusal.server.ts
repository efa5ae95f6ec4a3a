import { type MessageKey, translator } from "../i18n";

/**
 * The text of a refusal made before Remix is reached (server.js: too large, cross-site, legacy
 * address), when the person's language is not yet known: Japanese first, then English.
 */
export function plainRefusal(key: MessageKey): string {
  return `${translator("ja")(key)} / ${translator("en")(key)}`;
}
