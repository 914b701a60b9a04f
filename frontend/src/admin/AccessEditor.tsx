// The access editors: who may use a collection (members and groups, each
// with a level), and which collections a member or group may use.
import { useState } from "react";
import {
  addCollection,
  addLine,
  available,
  removeLine,
  setLevel,
  type AccessLine,
  type CollectionLine,
  type Target,
} from "./access";
import { levelLabel, levels, type Level } from "./levels";

function LevelSelect({ value, onChange, label, disabled }: { value: Level; onChange: (l: Level) => void; label: string; disabled?: boolean }) {
  return (
    <select aria-label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as Level)}>
      {levels.map((l) => (
        <option key={l} value={l}>
          {levelLabel(l)}
        </option>
      ))}
    </select>
  );
}

const display = (t: { name: string; id: string }) => t.name || `(${t.id.slice(0, 8)}…)`;

// AccessEditor edits a collection's members and groups.
export function AccessEditor({
  lines,
  onChange,
  targets,
  note,
  disabled,
}: {
  lines: AccessLine[];
  onChange: (lines: AccessLine[]) => void;
  targets: Target[];
  note?: string;
  disabled?: boolean;
}) {
  const options = available(lines, targets);
  const [pick, setPick] = useState("");
  const [level, setNewLevel] = useState<Level>("edit");
  const chosen = options.find((t) => `${t.kind}:${t.id}` === pick);

  return (
    <fieldset className="admin-access" disabled={disabled}>
      <legend>Access</legend>
      {lines.length === 0 ? (
        <p className="muted">No member or group has access yet. Owners and admins always do.</p>
      ) : (
        <ul className="admin-access-lines">
          {lines.map((l) => (
            <li key={`${l.kind}:${l.id}`}>
              <span className="admin-access-name">{display(l)}</span>
              <span className="badge">{l.kind === "group" ? "Group" : "Member"}</span>
              <LevelSelect label={`Access of ${display(l)}`} value={l.level} onChange={(v) => onChange(setLevel(lines, l, v))} />
              <button type="button" className="ghost icon" aria-label={`Remove ${display(l)}`} onClick={() => onChange(removeLine(lines, l))}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="admin-access-add">
        <select aria-label="Member or group to add" value={chosen ? pick : ""} onChange={(e) => setPick(e.target.value)}>
          <option value="">Add a member or group…</option>
          {options.some((t) => t.kind === "group") && (
            <optgroup label="Groups">
              {options
                .filter((t) => t.kind === "group")
                .map((t) => (
                  <option key={t.id} value={`group:${t.id}`}>
                    {display(t)}
                  </option>
                ))}
            </optgroup>
          )}
          {options.some((t) => t.kind === "member") && (
            <optgroup label="Members">
              {options
                .filter((t) => t.kind === "member")
                .map((t) => (
                  <option key={t.id} value={`member:${t.id}`}>
                    {display(t)}
                  </option>
                ))}
            </optgroup>
          )}
        </select>
        <LevelSelect label="Level to give" value={level} onChange={setNewLevel} />
        <button
          type="button"
          disabled={!chosen}
          onClick={() => {
            if (!chosen) return;
            onChange(addLine(lines, chosen, level));
            setPick("");
          }}
        >
          Add
        </button>
      </div>
      {note && <p className="muted admin-note">{note}</p>}
    </fieldset>
  );
}

// CollectionAccessEditor edits which collections a member or group may
// use, and how.
export function CollectionAccessEditor({
  lines,
  onChange,
  collections,
  legend = "Collections",
}: {
  lines: CollectionLine[];
  onChange: (lines: CollectionLine[]) => void;
  collections: { id: string; path: string }[];
  legend?: string;
}) {
  const taken = new Set(lines.map((l) => l.id));
  const options = collections.filter((c) => !taken.has(c.id));
  const [pick, setPick] = useState("");
  const [level, setNewLevel] = useState<Level>("edit");
  const chosen = options.find((c) => c.id === pick);

  return (
    <fieldset className="admin-access">
      <legend>{legend}</legend>
      {lines.length === 0 ? (
        <p className="muted">No collection.</p>
      ) : (
        <ul className="admin-access-lines">
          {lines.map((l) => (
            <li key={l.id}>
              <span className="admin-access-name">{l.name || "(unnamed collection)"}</span>
              <LevelSelect
                label={`Access to ${l.name}`}
                value={l.level}
                onChange={(v) => onChange(lines.map((x) => (x.id === l.id ? { ...x, level: v } : x)))}
              />
              <button type="button" className="ghost icon" aria-label={`Remove ${l.name}`} onClick={() => onChange(lines.filter((x) => x.id !== l.id))}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="admin-access-add">
        <select aria-label="Collection to add" value={chosen ? pick : ""} onChange={(e) => setPick(e.target.value)}>
          <option value="">Add a collection…</option>
          {options.map((c) => (
            <option key={c.id} value={c.id}>
              {c.path}
            </option>
          ))}
        </select>
        <LevelSelect label="Level to give" value={level} onChange={setNewLevel} />
        <button
          type="button"
          disabled={!chosen}
          onClick={() => {
            if (!chosen) return;
            onChange(addCollection(lines, { id: chosen.id, name: chosen.path }, level));
            setPick("");
          }}
        >
          Add
        </button>
      </div>
    </fieldset>
  );
}
