/**
 * Run in a child process whose session bus points nowhere: tries to store a secret through the
 * real keytar adapter and prints what the app would tell the user, as one JSON line.
 */
import { createKeytarSecretStore } from '../../../src/core/secrets/keytar';
import { AppError } from '../../../src/shared/result';

const store = createKeytarSecretStore({ service: 'com.softphone-companion.genesys.no-keychain-probe' });
try {
  await store.set('probe:clientSecret', 'never-stored');
  process.stdout.write(`${JSON.stringify({ stored: true })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify(error instanceof AppError ? { code: error.code, message: error.message } : { unexpected: String(error) })}\n`);
}
