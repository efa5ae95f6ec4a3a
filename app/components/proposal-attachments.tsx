import { Form } from "@remix-run/react";
import { AttachmentUploadForm } from "~/components/attachment-upload";
import { useT } from "~/i18n/react";
import { IntentSubmit } from "./plain-form";

/** A proposal's attached documents; while it is a draft, its team adds and deletes them. */
export function AttachmentsSection({
  proposalId,
  attachments,
  mayChange,
}: {
  proposalId: string;
  attachments: { id: string; label: string; filename: string }[];
  /** A draft, and the person is on its team. */
  mayChange: boolean;
}) {
  const t = useT();
  return (
    <>
      <h2 id="attachments">{t("proposal.attachments")}</h2>
      {attachments.length ? (
        <ul>
          {attachments.map((f) => (
            <li key={f.id}>
              <a href={`/files/${f.id}`}>{f.label}</a>（{f.filename}）
              {mayChange ? (
                <Form
                  method="post"
                  action={`/proposals/${proposalId}/attachments`}
                  encType="multipart/form-data"
                  className="inline-form"
                >
                  <input type="hidden" name="fileId" value={f.id} />
                  <IntentSubmit intent="delete" look="link">
                    {t("staffTheme.attachment.delete")}
                  </IntentSubmit>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("proposal.attachments.none")}</p>
      )}
      {mayChange ? (
        <AttachmentUploadForm action={`/proposals/${proposalId}/attachments`} hint={t("proposal.attachments.hint")} />
      ) : null}
    </>
  );
}
