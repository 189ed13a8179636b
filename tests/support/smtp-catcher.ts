// A real SMTP server for tests (smtp-server), on a free port, that parses what it receives
// (mailparser). Tests send through nodemailer to it: the transport is never mocked. It can be
// stopped and started again on the same port to play an outage.
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import type { AddressInfo, Socket } from "node:net";

export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  receivedAt: Date;
}

export interface SmtpCatcher {
  readonly url: string;
  readonly port: number;
  mails: CaughtMail[];
  /** Resolves with the first mail (already caught or yet to come) that matches. */
  waitFor(match: (m: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  /** Stops listening (connections are refused) until start() is called again. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpCatcher(port = 0): Promise<SmtpCatcher> {
  const mails: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  let server: SMTPServer | null = null;
  let boundPort = port;

  const listen = async () => {
    const s = new SMTPServer({
      authOptional: true,
      // No reverse DNS of 127.0.0.1 per connection.
      disableReverseLookup: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) =>
              a.value.map((v) => v.address ?? ""),
            );
            mails.push({
              to,
              from: parsed.from?.text ?? "",
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              receivedAt: new Date(),
            });
            for (const w of waiters) w();
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    // Answer each command at once (no Nagle delay waiting for the client's ACK), as mail servers do.
    s.server.on("connection", (socket: Socket) => socket.setNoDelay(true));
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(boundPort, "127.0.0.1", () => resolve());
    });
    server = s;
    boundPort = (s.server.address() as AddressInfo).port;
  };
  await listen();

  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      if (!s) return resolve();
      s.close(() => resolve());
    });

  return {
    get url() {
      return `smtp://127.0.0.1:${boundPort}`;
    },
    get port() {
      return boundPort;
    },
    mails,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching mail within ${timeoutMs} ms (caught ${mails.length}: ${mails.map((m) => m.subject).join("; ")})`,
            ),
          );
        }, timeoutMs);
        function check() {
          const found = mails.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        }
        waiters.add(check);
        check();
      });
    },
    stop,
    start: listen,
    close: stop,
  };
}
