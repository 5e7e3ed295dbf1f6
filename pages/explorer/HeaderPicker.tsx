import { useState } from 'react';
import type { DevPartner } from '../shared/devPartners';

/** The request headers the picker fills. */
export interface PickedHeaders {
  token: string;
  purpose: string;
  caseId: string;
  officerId: string;
}

/** The request headers of a pick. */
export function pickedHeaders(picked: PickedHeaders): Record<string, string> {
  return {
    Authorization: `Bearer ${picked.token}`,
    'X-Purpose': picked.purpose,
    'X-Case-Id': picked.caseId,
    'X-Officer-Id': picked.officerId,
  };
}

/**
 * Development: choose a development partner and one of its purposes, and the case and
 * officer references; every change is a new pick.
 */
export function DevPartnerPicker({ partners, onPick }: { partners: DevPartner[]; onPick: (picked: PickedHeaders) => void }) {
  const [partnerId, setPartnerId] = useState('');
  const [purpose, setPurpose] = useState('');
  const [caseId, setCaseId] = useState('DEV-CASE-0001');
  const [officerId, setOfficerId] = useState('dev-officer-1');
  const partner = partners.find((p) => p.id === partnerId);
  const pick = (next: { partnerId?: string; purpose?: string; caseId?: string; officerId?: string }) => {
    const p = partners.find((x) => x.id === (next.partnerId ?? partnerId));
    const chosen = next.purpose ?? (p?.purposes.includes(purpose) ? purpose : (p?.purposes[0] ?? ''));
    setPartnerId(p?.id ?? '');
    setPurpose(chosen);
    if (next.caseId !== undefined) setCaseId(next.caseId);
    if (next.officerId !== undefined) setOfficerId(next.officerId);
    if (p) onPick({ token: p.token, purpose: chosen, caseId: next.caseId ?? caseId, officerId: next.officerId ?? officerId });
  };
  return (
    <form className="yrd-bar" aria-label="开发合作方 Development partner" onSubmit={(e) => e.preventDefault()}>
      <strong>开发模式 Development</strong>
      <label>
        合作方 Partner
        <select name="partner" value={partnerId} onChange={(e) => pick({ partnerId: e.target.value })}>
          <option value="">— 选择 choose —</option>
          {partners.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id} · {p.region}
            </option>
          ))}
        </select>
      </label>
      <label>
        用途 X-Purpose
        <select name="purpose" value={purpose} disabled={!partner} onChange={(e) => pick({ purpose: e.target.value })}>
          {(partner?.purposes ?? []).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        案件 X-Case-Id
        <input name="caseId" value={caseId} maxLength={64} onChange={(e) => pick({ caseId: e.target.value })} />
      </label>
      <label>
        经办人 X-Officer-Id
        <input name="officerId" value={officerId} maxLength={64} onChange={(e) => pick({ officerId: e.target.value })} />
      </label>
    </form>
  );
}

/** Production: no development partners; the developer pastes their partner token. */
export function TokenPrompt({ onToken }: { onToken: (token: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      className="yrd-bar"
      aria-label="访问令牌 Access token"
      onSubmit={(e) => {
        e.preventDefault();
        onToken(value.trim().replace(/^Bearer\s+/i, ''));
      }}
    >
      <label>
        合作方令牌 Partner token
        <input name="token" type="password" autoComplete="off" placeholder="eyJ…" value={value} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit">使用 Use</button>
      <span>令牌只保存在本页内存中 — The token stays in this page's memory only.</span>
    </form>
  );
}
