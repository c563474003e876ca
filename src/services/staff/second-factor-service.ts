// Setting up a second factor: a new TOTP secret (shown as a QR code), confirmed by a first good code, which
// also gives ten recovery codes, shown once. Taking it away is for the shell (`testata user reset-2fa`).
import QRCode from 'qrcode';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import type { AuditActor } from '../../domain/staff/audit-event.ts';
import type { TransactionRunner } from '../../storage/repositories.ts';
import { hashRecoveryCode, matchTotpStep, newRecoveryCodes, newTotpSecret, totpUri } from './totp.ts';

export type SecondFactorSetup = { secret: string; uri: string; qrCodeSvg: string };

export class SecondFactorService {
  constructor(
    private readonly transaction: TransactionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A new secret for the account, waiting for its first code; refused while a confirmed one is in use. */
  async begin(userId: string): Promise<SecondFactorSetup> {
    const secret = newTotpSecret();
    const { email, issuer } = await this.transaction(async (repositories) => {
      const user = await repositories.staff.findById(userId);
      if (!user) throw new NotFoundError('no such staff account');
      if (user.hasSecondFactor) {
        throw new ConflictError('a second factor is already set up: ask for it to be reset first');
      }
      await repositories.staff.setPendingSecondFactor(userId, secret, this.clock().toISOString());
      return { email: user.email, issuer: (await repositories.publications.find())?.name ?? 'Testata' };
    });
    const uri = totpUri(secret, issuer, email);
    return { secret, uri, qrCodeSvg: await QRCode.toString(uri, { type: 'svg', margin: 2 }) };
  }

  /** The first good code confirms the secret; returns the recovery codes, which are never shown again. */
  async confirm(userId: string, code: string, actor: AuditActor): Promise<string[]> {
    const now = this.clock();
    const recoveryCodes = newRecoveryCodes();
    await this.transaction(async (repositories) => {
      const factor = await repositories.staff.findSecondFactor(userId);
      if (!factor?.secret || factor.isConfirmed) {
        throw new ConflictError('no second factor is being set up: start again');
      }
      const step = matchTotpStep(factor.secret, code, now);
      if (step === undefined) {
        throw new ValidationError('code is not the current code of the authenticator app', { field: 'code' });
      }
      await repositories.staff.confirmSecondFactor(
        userId,
        step,
        recoveryCodes.map(hashRecoveryCode),
        now.toISOString(),
      );
      await repositories.auditEvents.append({
        at: now.toISOString(),
        actor,
        action: 'staff.second-factor-on',
        subjectType: 'staff_user',
        subjectId: userId,
        details: {},
      });
    });
    return recoveryCodes;
  }
}
