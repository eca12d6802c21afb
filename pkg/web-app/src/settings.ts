/** What the gateway offers this app: which ways of signing in are turned on. */
export interface WebAppSettings {
  devLogin: boolean;
  socialLogin: boolean;
}

/** Served by the gateway beside the app (not part of the public API). */
export async function loadSettings(): Promise<WebAppSettings> {
  const response = await fetch('/web-app/settings.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`the gateway answered ${response.status} for the app's settings`);
  return (await response.json()) as WebAppSettings;
}
