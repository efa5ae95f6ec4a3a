import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/react";
import { type AnyField, FieldError, invalidProps, RequiredBadge } from "./form";

// Forms outside Conform (the manage page's forms, which carry files; the score sheet; staff's
// review tools) and the buttons that post an intent, on any form.

/**
 * The buttons that end a form with several outcomes (approve or return, accept or decline): each
 * sends its intent; the first is the main one, the others look secondary.
 */
export function IntentButtons({ buttons }: { buttons: { intent: string; label: ReactNode }[] }) {
  return (
    <div className="actions">
      {buttons.map((b, i) => (
        <IntentSubmit key={b.intent} intent={b.intent} look={i === 0 ? "primary" : "secondary"}>
          {b.label}
        </IntentSubmit>
      ))}
    </div>
  );
}

/**
 * Staff's comment when they approve or return something (outside Conform: the manage page's forms
 * also carry files). What they typed comes back with the error.
 */
export function CommentField({
  id,
  error,
  defaultValue,
}: {
  id: string;
  error?: string | null;
  defaultValue?: string;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{t("manage.comment")}</label>
      <FieldError id={`${id}-error`} error={error} />
      <textarea id={id} name="comment" rows={3} defaultValue={defaultValue} {...invalidProps(`${id}-error`, error)} />
    </div>
  );
}

/**
 * A one-button form that posts an intent (publish, close, remove…), with the ids it acts on as
 * hidden fields. `look` matches its weight on the page: the main action, a secondary one, or a
 * link-like button inside a table row.
 */
export function IntentButton({
  intent,
  look = "primary",
  hidden,
  children,
}: {
  intent: string;
  look?: "primary" | "secondary" | "link";
  hidden?: Record<string, string>;
  children: ReactNode;
}) {
  return (
    <Form method="post" className={look === "link" ? "inline-form" : undefined}>
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <IntentSubmit intent={intent} look={look}>
        {children}
      </IntentSubmit>
    </Form>
  );
}

/** A submit button that names its intent; `look` gives its weight (main, secondary, or link-like). */
export function IntentSubmit({
  intent,
  look = "primary",
  children,
}: {
  intent: string;
  look?: "primary" | "secondary" | "link";
  children: ReactNode;
}) {
  const className = look === "link" ? "link-button" : look === "secondary" ? "button button-secondary" : "button";
  return (
    <button type="submit" name="intent" value={intent} className={className}>
      {children}
    </button>
  );
}

/** What a control needs from its field: its id and name, and its ties to the hint and the message. */
export interface ControlProps {
  id: string;
  name?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

/** Where a field's id, name and messages come from: Conform's metadata, or (outside Conform) given. */
type FieldSource =
  | { field: AnyField; id?: never; error?: never }
  | { field?: never; id: string; error?: string | null };

/**
 * A field whose control the caller draws (a file, radio buttons, a score, a textarea that may be
 * locked), on a form of the shared stack (`field` is Conform's metadata) or outside it (`id`,
 * `error`): label above (with 必須 or 任意 only when `required` is given), hint, the message, then
 * the control, which `children` draws with the props it is given.
 */
export function PlainField({
  label,
  hint,
  required,
  children,
  ...source
}: FieldSource & {
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const id = source.field ? source.field.id : source.id;
  const error = source.field ? source.field.errors : source.error;
  const hasError = typeof error === "string" ? error !== "" : (error ?? []).length > 0;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const describedBy = [hintId, hasError ? errorId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required === undefined ? null : (
          <>
            {" "}
            <RequiredBadge required={required} />
          </>
        )}
      </label>
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} error={error} />
      {children({
        id,
        name: source.field?.name,
        "aria-describedby": describedBy,
        "aria-invalid": hasError ? true : undefined,
      })}
    </div>
  );
}
