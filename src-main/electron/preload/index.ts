/**
 * @file The preload (sandboxed, context-isolated): exposes the generic `window.studio` bridge and
 * nothing else. Every capability is a contract method, so this file never grows per feature.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('studio', createBridge(ipcRenderer));
