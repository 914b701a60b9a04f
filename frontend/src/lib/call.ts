// Every call into Go goes through call(): Wails rejects a failed bound call
// with whatever the Go side produced (a plain string, or the object our
// ErrorFormatter returns), and screens want one shape to render.

export interface AppError {
  code: string;
  message: string;
}

const fallback: AppError = { code: "internal", message: "Something went wrong" };

export function toAppError(reason: unknown): AppError {
  if (typeof reason === "string") {
    const text = reason.trim();
    if (text.startsWith("{")) {
      try {
        return toAppError(JSON.parse(text));
      } catch {
        // not JSON after all: fall through and show the text
      }
    }
    return text === "" ? fallback : { code: "error", message: text };
  }
  // Wails rejects with an Error whose message is the JSON of our UIError
  // (app.FormatErrorJSON).
  if (reason instanceof Error && reason.message.trim().startsWith("{")) {
    return toAppError(reason.message);
  }
  if (reason !== null && typeof reason === "object") {
    const { code, message } = reason as Record<string, unknown>;
    if (typeof message === "string" && message !== "") {
      return { code: typeof code === "string" && code !== "" ? code : "error", message };
    }
  }
  return fallback;
}

export function isAppError(v: unknown): v is AppError {
  return (
    v !== null &&
    typeof v === "object" &&
    typeof (v as AppError).code === "string" &&
    typeof (v as AppError).message === "string"
  );
}

export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (reason) {
    throw toAppError(reason);
  }
}
