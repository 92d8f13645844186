/**
 * @file Renderer boot: pick the transport (the Electron preload's `window.studio`, else HTTP +
 * WebSocket to the serving origin), wrap it in the contract client, and render the app.
 */
import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { StudioBridge } from '../src-main/contract';
import { ApiProvider } from './api/ApiContext';
import { connect, type BootWindow } from './api/connect';
import type { SocketLike } from './api/transports/httpTransport';
import { App } from './app/App';
import './app/app.css';
import './ui/ui.css';
import './features/poses/poses.css';
import './features/generate/generate.css';

const bootWindow: BootWindow = {
  studio: (window as Window & { studio?: StudioBridge }).studio,
  location: window.location,
  sessionStorage: window.sessionStorage,
  history: window.history,
  fetch: (url, init) => window.fetch(url, init),
  // The DOM WebSocket's handler properties take an event argument; SocketLike's ignore it.
  WebSocket: window.WebSocket as unknown as new (url: string) => SocketLike,
};

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ApiProvider connection={connect(bootWindow)}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
