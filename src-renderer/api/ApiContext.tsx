/**
 * @file React context carrying the boot-time `Connection` (typed contract client, transport mode,
 * file helpers). Components reach the studio only through `useApi()` and the hooks in hooks.ts.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { Connection } from './connect';

const ApiContext = createContext<Connection | null>(null);

export function ApiProvider({ connection, children }: { connection: Connection; children: ReactNode }) {
  return <ApiContext.Provider value={connection}>{children}</ApiContext.Provider>;
}

export function useApi(): Connection {
  const connection = useContext(ApiContext);
  if (connection === null) throw new Error('useApi() outside <ApiProvider>');
  return connection;
}
