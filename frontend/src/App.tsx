import { useEffect, useState } from "react";
import { About } from "../wailsjs/go/app/AboutService";
import { call, type AppError } from "./lib/call";
import { Logo } from "./Logo";

// Placeholder screen until accounts and the vault arrive: it proves the
// frontend, the Go binding and the build all work together.
function App() {
  const [version, setVersion] = useState<string>("");
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    call(About)
      .then((a) => setVersion(a.version))
      .catch(setError);
  }, []);

  return (
    <main className="welcome">
      <Logo size={72} />
      <h1>Vaultdesk</h1>
      <p className="tagline">Every client&rsquo;s credentials, one keystroke away.</p>
      <p className="version" data-testid="version">
        {error ? error.message : version ? `Version ${version}` : "\u00a0"}
      </p>
    </main>
  );
}

export default App;
