// Text messages for phone-only accounts: the interface a provider would implement. None is built,
// so phone-only people are told in the app only.
export interface SmsProvider {
  /** Sends one short text (no links with secrets, no personal data of others) to an E.164 number. */
  send(to: string, text: string): Promise<void>;
}

/** The configured SMS provider: none yet. */
export function smsProvider(): SmsProvider | null {
  return null;
}
