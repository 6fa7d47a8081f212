/**
 * The preload: the renderer's only window on Electron. It passes on the MessagePort to the backend, received from
 * main only, and tells the page it runs in the desktop app. Nothing else is exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';

// The preload runs in the page, but is typed with main's Node settings: declare the little of the page it uses.
declare const window: {
  postMessage(message: unknown, targetOrigin: string, transfer: readonly unknown[]): void;
  location: { origin: string };
};

export interface ShellApi {
  readonly desktop: true;
}

ipcRenderer.once('backend-port', (event) => {
  // Only main can send on this channel (webContents.postMessage); hand the port to the page, same origin only.
  window.postMessage({ type: 'hemtrygg-backend-port' }, window.location.origin, event.ports);
});

contextBridge.exposeInMainWorld('hemtryggShell', { desktop: true } satisfies ShellApi);
