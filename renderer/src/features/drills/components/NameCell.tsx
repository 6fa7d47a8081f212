import type { NameLabel } from '../../../format.ts';

/** A name with what tells it apart beneath it (village and year of birth, or a role). */
export function NameCell({ label }: { label: NameLabel }) {
  return (
    <span className="drill-name">
      <span>{label.name}</span>
      {label.detail && <span className="drill-name-detail">{label.detail}</span>}
    </span>
  );
}
