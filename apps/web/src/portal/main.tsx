import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../app/global.css';
import { loadFederationTimeZone } from '../app/time';
import { PortalApp } from './PortalApp';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from h5.html');
// The times a resident sees are on the federation's clock: learn its zone before the first page.
void loadFederationTimeZone().finally(() =>
  createRoot(root).render(
    <StrictMode>
      <PortalApp />
    </StrictMode>,
  ),
);
