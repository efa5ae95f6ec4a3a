/**
 * A domain's rules as a table: for each action, the kinds of access that may take it. The table is
 * the one place a rule is written; loaders and actions (through `require<Thing>`) and components
 * (to show or hide a form) all ask the same `can`, so a button is never shown for an action the
 * server refuses, nor the other way round.
 */
export function policy<Access extends string, Action extends string>(rules: Record<Action, readonly Access[]>) {
  return (access: Access | null | undefined, action: Action): boolean =>
    access != null && (rules[action] as readonly string[]).includes(access);
}
