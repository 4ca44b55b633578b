import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { hasSoftphone } from './api';
import { App } from './App';
import { startBridge } from './store/bridge';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

if (hasSoftphone()) {
  // Events are subscribed before the first render reads anything, so nothing is missed.
  startBridge();
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
} else {
  root.textContent = 'This page is the Softphone Companion window. Open it from the app (or through the web bridge), not directly.';
}
