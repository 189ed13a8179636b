// Sending mail: nodemailer over SMTP (SMTP_URL). One pooled transport per URL and process.
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import { env } from "@/server/env";

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export interface MailSender {
  send(message: MailMessage): Promise<void>;
}

/** The sender address: MAIL_FROM, else no-reply at APP_URL's host. */
export function mailFrom(): string {
  return env.MAIL_FROM ?? `Tessera <no-reply@${new URL(env.APP_URL).hostname}>`;
}

const transports = new Map<string, Transporter>();

/** A sender over SMTP. Failures (refused, unreachable, timed out) reject: the caller retries later. */
export function smtpSender(url: string, from: string = mailFrom()): MailSender {
  let transport = transports.get(url);
  if (!transport) {
    // The URL's settings, then ours: nodemailer reads only the URL when given one as `url` (and takes a
    // second argument as message defaults, not transport options), so it is parsed here.
    transport = nodemailer.createTransport({
      ...parseConnectionUrl(url),
      // One pooled connection per process, reused from mail to mail (a new one per mail costs a
      // handshake each time); a few in parallel for the worker's concurrent sends.
      pool: true,
      maxConnections: 4,
      // A mail server that does not answer must not hold the delivery worker for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(url, transport);
  }
  const t = transport;
  return {
    async send(message) {
      await t.sendMail({ from, to: message.to, subject: message.subject, html: message.html, text: message.text });
    },
  };
}

/** The configured sender, or null when SMTP_URL is unset (development without a catcher: mail waits). */
export function configuredSender(): MailSender | null {
  return env.SMTP_URL ? smtpSender(env.SMTP_URL) : null;
}

/** An absolute link into the app from a path. */
export function appLink(path: string): string {
  return new URL(path, env.APP_URL).toString();
}
