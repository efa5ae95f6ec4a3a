import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { useParams } from "@remix-run/react";
import { requireProposal } from "~/auth/proposal-access.server";
import { AttachmentProblem } from "~/components/attachment-upload";
import { useT } from "~/i18n/react";
import { redirectWithFlash } from "~/utils/flash.server";
import { handleAttachmentForm } from "~/web/attachments.server";

/** Takes files: server.js allows this route 32 MB, and the body is read here, after the access check. */
export const handle = { uploads: true };

// Write: the team, while the proposal is a draft (same file rules as theme documents).
export function loader({ params }: { params: { id?: string } }) {
  return redirect(`/proposals/${params.id ?? ""}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const proposalId = params.id ?? "";
  const { user, loaded } = await requireProposal(request, proposalId, "edit");
  const back = `/proposals/${proposalId}`;
  if (loaded.proposal.status !== "draft") return redirectWithFlash(back, "proposal.locked");
  return handleAttachmentForm(request, { ownerType: "proposal", ownerId: proposalId, userId: user.id, back });
}

/** Shown only when an upload is refused: the reason, and the way back. */
export default function ProposalAttachmentProblem() {
  const t = useT();
  const params = useParams();
  return (
    <AttachmentProblem
      title={t("proposal.attachments")}
      back={`/proposals/${params.id}`}
      backLabel={t("proposal.back")}
    />
  );
}
