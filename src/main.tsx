// First: settings the rest of the page relies on under Trusted Types (see the file).
import './lib/trustedTypes';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getApi } from './lib/api';
import './styles/app.css';

// Take the web host's token out of the address before anything renders.
getApi();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
