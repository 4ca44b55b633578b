import type { AppSnapshot, ConnectionSummary, DialOutcome, ExportedFile, Settings } from '../../../shared/domain';
import type { ConnectionDraft } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import { softphone } from '../api';
import { run } from './run';
import type { Slice } from './types';

export interface AppSlice {
  snapshot: AppSnapshot | null;
  /** Set once signed in; cleared by signing out. Keeps the workspace up while a session expires. */
  everSignedIn: boolean;
  /** Returns false (and changes nothing) for a snapshot older than the one held. */
  receiveSnapshot(snapshot: AppSnapshot): boolean;

  signInDemo(): Promise<Result<unknown>>;
  signIn(connectionId: string): Promise<Result<unknown>>;
  cancelSignIn(): Promise<void>;
  signOut(): Promise<void>;
  testConnection(draft: ConnectionDraft): Promise<Result<{ orgName: string; principal: string }>>;
  /** Saves, then signs in to the saved connection. */
  /** `onSaved` hears of the save before signing in, so a form can keep editing that connection if sign-in fails. */
  saveAndSignIn(draft: ConnectionDraft, onSaved?: (saved: ConnectionSummary) => void): Promise<Result<unknown>>;
  deleteConnection(id: string): Promise<void>;
  dismissNotice(id: string): Promise<void>;
  hangUp(callId: string): Promise<void>;
  dismissCall(callId: string): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<Result<Settings>>;
  toggleFavorite(agentId: string): Promise<void>;
  /** Normalised by main's dial preview first, so a favourite is always a dialable E.164. */
  addFavoriteNumber(label: string, number: string): Promise<Result<Settings>>;
  removeFavoriteNumber(e164: string): Promise<Result<Settings>>;
  makeDefaultHandler(): Promise<void>;
  exportAudit(): Promise<Result<ExportedFile>>;
  confirmLink(linkId: string, agentId: string | null): Promise<Result<DialOutcome>>;
  dismissLink(linkId: string): Promise<void>;
}

export const createAppSlice: Slice<AppSlice> = (set, get) => {
  /** Runs a call whose failure has no form to show it in: it goes to the alert banner. */
  const report = async <T>(call: () => Promise<Result<T>>): Promise<Result<T>> => {
    const result = await run(call);
    if (!result.ok) get().reportError(result.message);
    return result;
  };

  return {
    snapshot: null,
    everSignedIn: false,
    receiveSnapshot(snapshot) {
      const held = get().snapshot;
      if (held && snapshot.seq <= held.seq) return false;
      const status = snapshot.session.status;
      const everSignedIn = status === 'signedOut' ? false : get().everSignedIn || status === 'signedIn';
      set({ snapshot, everSignedIn });
      // Another org has other agents and queues: a choice made in the previous one means nothing here.
      const previousOrg = held?.session.status === 'signedIn' ? held.session.connectionId : null;
      if (status === 'signedIn' && previousOrg !== null && previousOrg !== snapshot.session.connectionId) {
        get().selectAgent(null);
        void get().setMemberScope(null);
      }
      return true;
    },

    signInDemo: () => run(() => softphone().auth.signInDemo({})),
    signIn: (connectionId) => run(() => softphone().auth.signIn({ connectionId })),
    async cancelSignIn() {
      await report(() => softphone().auth.cancelSignIn({}));
    },
    async signOut() {
      await report(() => softphone().auth.signOut({}));
    },
    testConnection: (draft) => run(() => softphone().connections.test(draft)),
    async saveAndSignIn(draft, onSaved) {
      const saved = await run(() => softphone().connections.save(draft));
      if (!saved.ok) return saved;
      onSaved?.(saved.value);
      const signedIn = await run(() => softphone().auth.signIn({ connectionId: saved.value.id }));
      if (!signedIn.ok) return signedIn;
      const session = signedIn.value;
      if (session.status === 'error' || session.status === 'expired') {
        return { ok: false, code: session.status === 'error' ? session.code : 'expired', message: session.message };
      }
      return signedIn;
    },
    async deleteConnection(id) {
      await report(() => softphone().connections.delete({ id }));
    },
    async dismissNotice(id) {
      await report(() => softphone().app.dismissNotice({ id }));
    },
    async hangUp(callId) {
      await report(() => softphone().calls.hangUp({ callId }));
    },
    async dismissCall(callId) {
      await report(() => softphone().calls.dismiss({ callId }));
    },
    updateSettings: (patch) => run(() => softphone().settings.update(patch)),
    async toggleFavorite(agentId) {
      await report(() => softphone().agents.toggleFavorite({ agentId }));
    },
    async addFavoriteNumber(label, number) {
      const settings = get().snapshot?.settings;
      if (!settings) return { ok: false, code: 'notReady', message: 'The app is still starting; try again in a moment.' };
      if (label.trim() === '') return { ok: false, code: 'labelMissing', message: 'Give the favourite a label, such as "Front desk".' };
      const preview = await run(() => softphone().dial.preview({ number }));
      if (!preview.ok) return preview;
      if (!preview.value.valid) return { ok: false, code: preview.value.code, message: preview.value.problem };
      const { e164 } = preview.value;
      if (settings.favoriteNumbers.some((favorite) => favorite.e164 === e164)) {
        return { ok: false, code: 'duplicateFavorite', message: `${e164} is already a favourite.` };
      }
      return run(() => softphone().settings.update({ favoriteNumbers: [...settings.favoriteNumbers, { label: label.trim(), e164 }] }));
    },
    async removeFavoriteNumber(e164) {
      const settings = get().snapshot?.settings;
      if (!settings) return { ok: false, code: 'notReady', message: 'The app is still starting; try again in a moment.' };
      return run(() => softphone().settings.update({ favoriteNumbers: settings.favoriteNumbers.filter((favorite) => favorite.e164 !== e164) }));
    },
    async makeDefaultHandler() {
      await report(() => softphone().shell.makeDefaultHandler({}));
    },
    exportAudit: () => report(() => softphone().audit.export({})),
    confirmLink: (linkId, agentId) =>
      run(() => softphone().links.confirm({ linkId, agentId })),
    async dismissLink(linkId) {
      await report(() => softphone().links.dismiss({ linkId }));
    },
  };
};
