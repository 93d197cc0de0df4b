// A real SMTP server inside the app for development and tests: when no SMTP_URL is set, mail
// goes here and /dev/mailbox shows it. It keeps the latest messages in memory only.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export type CaughtEmail = { id: number; to: string[]; from: string; subject: string; text: string; html: string; receivedAt: Date };

export type MailCatcher = {
  url: string;
  port: number;
  messages: () => CaughtEmail[];
  waitFor: (match: (m: CaughtEmail) => boolean, timeoutMs?: number) => Promise<CaughtEmail>;
  clear: () => void;
  close: () => Promise<void>;
};

const KEEP = 200;

export async function startMailCatcher(port = 0, host = '127.0.0.1'): Promise<MailCatcher> {
  const caught: CaughtEmail[] = [];
  let nextId = 1;
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((parsed) => {
          const to = [parsed.to].flat().flatMap((a) => a?.value.map((v) => v.address ?? '') ?? []);
          caught.unshift({
            id: nextId++,
            to,
            from: parsed.from?.text ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            receivedAt: new Date(),
          });
          caught.length = Math.min(caught.length, KEEP);
          for (const wake of waiters) wake();
          done();
        })
        .catch((err: Error) => done(err));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;

  return {
    url: `smtp://${host}:${boundPort}`,
    port: boundPort,
    messages: () => [...caught],
    clear: () => void (caught.length = 0),
    waitFor(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = caught.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error('no matching e-mail arrived'));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
