import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './app/global.css';
import { App } from './app/App';
import { loadFederationTimeZone } from './app/time';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
// Every time shown is on the federation's clock: learn its zone before the first page renders one.
void loadFederationTimeZone().finally(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
