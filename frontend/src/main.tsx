import React from "react";
import { createRoot } from "react-dom/client";
import "./style.css";
import App from "./App";
import { applyTheme, rememberedTheme } from "./session/theme";

// The theme of the last run, before the first paint; App applies the
// saved setting once Go answers.
const theme = rememberedTheme();
if (theme) applyTheme(theme);

createRoot(document.getElementById("root")!).render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
