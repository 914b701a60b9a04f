// Placeholder shell: slice A (session) replaces this file with the session
// gate (welcome, sign-in, unlock) and the top bar around the sections.
import { useNav } from "./state/nav";
import { VaultScreen } from "./vault/VaultScreen";
import { AdminScreen } from "./admin/AdminScreen";

function App() {
  const section = useNav((s) => s.section);
  return section === "admin" ? <AdminScreen /> : <VaultScreen />;
}

export default App;
