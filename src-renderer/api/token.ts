/**
 * @file Server-mode access token at boot: read `?token=` from the address once, keep it in
 * sessionStorage (so a reload still works), and strip it from the address bar so it is not left in
 * history or screenshots. Pure apart from the injected storage and history; imports nothing.
 */

export const TOKEN_STORAGE_KEY = 'pose-studio.token';

export type TokenEnv = {
  /** `location.href` at boot. */
  href: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  /** `history.replaceState` bound to the page. */
  replaceUrl: (url: string) => void;
};

/** The same address without its `token` query parameter (other parameters and the hash kept). */
export function withoutToken(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('token');
  return url.toString();
}

/** Take the token from the address (preferred) or from storage; returns null when there is none. */
export function takeToken(env: TokenEnv): string | null {
  const fromUrl = new URL(env.href).searchParams.get('token');
  if (fromUrl !== null && fromUrl.length > 0) {
    env.storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    env.replaceUrl(withoutToken(env.href));
    return fromUrl;
  }
  const stored = env.storage.getItem(TOKEN_STORAGE_KEY);
  return stored !== null && stored.length > 0 ? stored : null;
}
