// Error messages in a technician's words, for where the user acted. Go's
// errors already read well; these cover the codes whose Go text is written
// for logs ("log in x: wrong master password (or wrong email, ...)").
import type { AppError } from "../lib/call";

export type SignInStage = "credentials" | "two-factor" | "new-device";

export function signInMessage(err: AppError, stage: SignInStage, apiKey = false): string {
  switch (err.code) {
    case "wrong-password":
      if (stage === "two-factor") return "Wrong code, or it has expired. Try the current one.";
      if (stage === "new-device") return "That code is wrong or has expired. Ask for a new one below.";
      return apiKey
        ? "The API key or the master password was refused."
        : "Wrong email or master password.";
    case "unreachable":
      return "Could not reach the server. Check its address and your connection.";
    default:
      return err.message;
  }
}

export function unlockMessage(err: AppError): string {
  switch (err.code) {
    case "wrong-password":
      return "Wrong master password";
    case "keychain":
      return `Keychain unlock is not available: ${err.message}. Use the master password.`;
    default:
      return err.message;
  }
}

// methodLabel names a two-step login method for the code step.
export function methodLabel(method: string): string {
  switch (method) {
    case "authenticator":
      return "Authenticator app";
    case "email":
      return "Email";
    case "yubikey":
      return "YubiKey";
    default:
      return method;
  }
}

// CODE_METHODS are the two-step methods answered by typing a code.
export const CODE_METHODS = ["authenticator", "email", "yubikey"];
