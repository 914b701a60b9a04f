// Email addresses as typed in the invite dialog: separated by commas,
// semicolons, spaces or new lines. Go checks them again.
export interface ParsedEmails {
  emails: string[]; // lower-cased, each once
  invalid: string[]; // as typed
}

const emailShape = /^[^@\s]+@[^@\s]+$/;

export function parseEmails(text: string): ParsedEmails {
  const out: ParsedEmails = { emails: [], invalid: [] };
  for (const part of text.split(/[,;\s]+/)) {
    if (part === "") continue;
    if (!emailShape.test(part) || /[<>]/.test(part)) {
      out.invalid.push(part);
      continue;
    }
    const e = part.toLowerCase();
    if (!out.emails.includes(e)) out.emails.push(e);
  }
  return out;
}
