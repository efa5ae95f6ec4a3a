import { Form } from "@remix-run/react";
import { useT } from "~/i18n/react";
import { kindLabel } from "~/models/reference-data";
import type { OrganizationKind, PartnerStatus } from "../../db/schema";
import { IntentButton, IntentSubmit } from "./plain-form";

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
          <IntentSubmit intent="accept">{t("proposal.invitation.accept")}</IntentSubmit>
          <IntentSubmit intent="decline" look="secondary">
            {t("proposal.invitation.decline")}
          </IntentSubmit>
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
  inviteOptions: {
    board: { id: string; name: string }[];
    suggested: { id: string; name: string }[];
    all: { id: string; name: string }[];
  };
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
              <IntentButton intent="remove" look="link" hidden={{ organizationId: p.id }}>
                {t("proposal.partner.remove")}
              </IntentButton>
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
              {inviteOptions.suggested.length ? (
                <optgroup label={t("proposal.invite.suggested")}>
                  {inviteOptions.suggested.map((o) => (
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
          <IntentSubmit intent="invite">{t("proposal.invite.submit")}</IntentSubmit>
        </Form>
      ) : null}
    </>
  );
}
