import { AppError } from '../../shared/result';

export type KeychainPlatform = NodeJS.Platform;

function keychainName(platform: KeychainPlatform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'the system keychain (Secret Service)';
}

function fixFor(platform: KeychainPlatform): string {
  if (platform === 'darwin') return 'Open Keychain Access, unlock your login keychain, and allow Softphone Companion when macOS asks.';
  if (platform === 'win32') return 'Make sure the Credential Manager service is running (services.msc → Credential Manager) and that you are signed in to Windows with your own account.';
  return 'Install and unlock GNOME Keyring (Debian/Ubuntu: sudo apt install gnome-keyring) or KWallet, and run the app inside your desktop session so it can reach the Secret Service over D-Bus.';
}

/** No keychain to talk to at all (no Secret Service, native module missing). */
export function keychainUnavailable(platform: KeychainPlatform, cause: string): AppError {
  return new AppError(
    'keychainUnavailable',
    `Softphone Companion keeps secrets only in ${keychainName(platform)}, and it cannot be reached (${cause}). Nothing was saved. ${fixFor(platform)}`,
  );
}

/** The keychain is there but locked, or the user dismissed its unlock prompt. */
export function keychainLocked(platform: KeychainPlatform): AppError {
  return new AppError(
    'keychainLocked',
    `${capitalise(keychainName(platform))} is locked, so the secret could not be read or saved. Unlock it (on Linux: open "Passwords and Keys" or KWallet and unlock the login keyring) and try again.`,
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
