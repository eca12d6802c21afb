import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { PublicApiClient } from '../../public-api-client';

export interface AppContextValue {
  /** The public API, acting for the signed-in user. */
  api: PublicApiClient;
  username: string;
  /** The message to show for a failed call; a 401 also signs out (the session ended). */
  failed(error: unknown): string;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside a signed-in page');
  return value;
}
