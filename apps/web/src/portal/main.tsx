import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../app/global.css';
import { PortalApp } from './PortalApp';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from h5.html');
createRoot(root).render(
  <StrictMode>
    <PortalApp />
  </StrictMode>,
);
