import * as v from "valibot";
import { ROLES } from "../../db/schema";
import { ACTIVITY_FIELDS } from "./reference-data";

// Messages are catalog keys: the form shows them in the reader's language.
export const nameSchema = v.pipe(
  v.string("validation.name.required"),
  v.trim(),
  v.nonEmpty("validation.name.required"),
  v.maxLength(50, "validation.name.tooLong"),
);

export const emailSchema = v.pipe(
  v.string("validation.email.required"),
  v.trim(),
  v.nonEmpty("validation.email.required"),
  v.maxLength(254, "validation.email.invalid"),
  v.email("validation.email.invalid"),
);

export const newPasswordSchema = v.pipe(
  v.string("validation.password.required"),
  v.minLength(10, "validation.password.tooShort"),
  v.maxLength(128, "validation.password.tooLong"),
);

const enteredPasswordSchema = v.pipe(
  v.string("validation.password.required"),
  v.maxLength(1024, "validation.password.tooLong"),
);

/**
 * The privacy policy's box: ticked, or the form says so at the box. An unticked box sends nothing
 * at all, so the rule is on the whole form, pointed at the box (Conform shows it there).
 */
export const signupSchema = v.pipe(
  v.object({ name: nameSchema, email: emailSchema, password: newPasswordSchema, privacy: v.optional(v.string()) }),
  v.forward(
    // A partial check runs even when other fields are wrong, so every problem shows at once.
    v.partialCheck([["privacy"]], (input) => input.privacy === "yes", "validation.privacy"),
    ["privacy"],
  ),
);

export const consentSchema = v.pipe(
  v.object({ privacy: v.optional(v.string()), redirectTo: v.optional(v.string()) }),
  v.forward(
    // A partial check runs even when other fields are wrong, so every problem shows at once.
    v.partialCheck([["privacy"]], (input) => input.privacy === "yes", "validation.privacy"),
    ["privacy"],
  ),
);

export const loginSchema = v.object({
  email: emailSchema,
  password: enteredPasswordSchema,
  redirectTo: v.optional(v.string()),
});

export const forgotPasswordSchema = v.object({ email: emailSchema });

export const resetPasswordSchema = v.object({
  token: v.pipe(v.string(), v.maxLength(200)),
  password: newPasswordSchema,
});

export const changeNameSchema = v.object({ name: nameSchema });

export const changeEmailSchema = v.object({ newEmail: emailSchema, currentPassword: enteredPasswordSchema });

export const changePasswordSchema = v.object({
  currentPassword: enteredPasswordSchema,
  newPassword: newPasswordSchema,
});

export const roleChangeSchema = v.object({
  userId: v.pipe(v.string(), v.uuid()),
  role: v.picklist(ROLES, "validation.role.invalid"),
});

/** A 6-digit code from the app, or a recovery code (XXXXX-XXXXX); spaces are forgiven. */
export const secondFactorSchema = v.object({
  code: v.pipe(
    v.string("validation.code.required"),
    v.trim(),
    v.nonEmpty("validation.code.required"),
    v.maxLength(20, "validation.code.wrong"),
  ),
});

export const enrolSchema = v.object({
  code: secondFactorSchema.entries.code,
  sealedKey: v.pipe(v.string(), v.nonEmpty(), v.maxLength(200)),
});

export const confirmPasswordSchema = v.object({ currentPassword: enteredPasswordSchema });

/** The e-mail subscriptions on /me: activity fields and courses (the action drops courses it does not know). */
export const subscriptionsSchema = v.object({
  fields: v.array(v.picklist(ACTIVITY_FIELDS)),
  courses: v.array(v.pipe(v.string(), v.maxLength(50))),
});
