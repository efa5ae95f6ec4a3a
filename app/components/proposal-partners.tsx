import { Form } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { kindLabel } from "~/models/reference-data";
import type { OrganizationKind, PartnerStatus } from "../../db/schema";

/** What an invited organisation's representatives see of a proposal: the invitation, to accept or decline. */
export function PartnerInvitation({
  leadName,
  themeTitle,
  organizations,
}: {
  leadName: string;
  themeTitle: string;
  organizations: { id: string; name: string }[];
}) {
  const t = useT();
  return (
    <>
      <h1>{t("proposal.invitation.title")}</h1>
      <p>{t("proposal.invitation.lead", { lead: leadName, theme: themeTitle })}</p>
      {organizations.map((o) => (
        <Form method="post" key={o.id} className="actions">
          <input type="hidden" name="organizationId" value={o.id} />
          <strong>{o.name}</strong>
          <button type="submit" name="intent" value="accept" className="button">
            {t("proposal.invitation.accept")}
          </button>
          <button type="submit" name="intent" value="decline" className="button button-secondary">
            {t("proposal.invitation.decline")}
          </button>
        </Form>
      ))}
    </>
  );
}

/**
 * A proposal's organisations; while it is a draft, the lead's representatives remove partners and
 * invite others (those agreed on the partner board listed first).
 */
export function PartnersSection({
  partners,
  mayInvite,
  inviteOptions,
}: {
  partners: { id: string; name: string; kind: OrganizationKind; status: PartnerStatus; lead: boolean }[];
  /** A draft, and the person represents the lead organisation. */
  mayInvite: boolean;
  inviteOptions: { board: { id: string; name: string }[]; all: { id: string; name: string }[] };
}) {
  const t = useT();
  return (
    <>
      <h2 id="partners">{t("proposal.partners")}</h2>
      <ul>
        {partners.map((p) => (
          <li key={p.id}>
            {p.name}（{t(kindLabel(p.kind))}・{p.lead ? t("proposal.partner.lead") : t(`proposal.partner.${p.status}`)}
            ）
            {mayInvite && !p.lead && (p.status === "invited" || p.status === "accepted") ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="organizationId" value={p.id} />
                <button type="submit" name="intent" value="remove" className="link-button">
                  {t("proposal.partner.remove")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {mayInvite ? (
        <Form method="post" className="stack">
          <h3>{t("proposal.invite")}</h3>
          <p className="field-hint" id="invite-hint">
            {t("proposal.invite.hint")}
          </p>
          <div className="field">
            <label htmlFor="invite-organization">{t("proposal.invite.organization")}</label>
            <select id="invite-organization" name="organizationId" aria-describedby="invite-hint" defaultValue="">
              <option value="">{t("filter.any")}</option>
              {inviteOptions.board.length ? (
                <optgroup label={t("proposal.invite.fromRequests")}>
                  {inviteOptions.board.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              <optgroup label={t("proposal.invite.all")}>
                {inviteOptions.all.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <button type="submit" name="intent" value="invite" className="button">
            {t("proposal.invite.submit")}
          </button>
        </Form>
      ) : null}
    </>
  );
}
