// /dev/mailbox: what the built-in SMTP catcher received. Mounted only when it is running.
import { Router } from 'express';
import { NotFound } from '../lib/errors.ts';
import type { MailCatcher } from './catcher.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function mailboxRoutes(catcher: MailCatcher): Router {
  const router = Router();
  // It shows everyone's password links: only to a browser on this machine, never over a network.
  router.use('/dev/mailbox', (req, _res, next) => {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) throw NotFound();
    next();
  });

  router.get('/dev/mailbox', (_req, res) => {
    res.render('mail-dev/index', { messages: catcher.messages() });
  });

  router.get('/dev/mailbox/:id', (req, res) => {
    const message = catcher.messages().find((m) => String(m.id) === req.params.id);
    if (!message) throw NotFound();
    res.render('mail-dev/show', { message });
  });

  // The message's own HTML, as a mail client would show it: its inline styles allowed, no script.
  router.get('/dev/mailbox/:id/html', (req, res) => {
    const message = catcher.messages().find((m) => String(m.id) === req.params.id);
    if (!message) throw NotFound();
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    res.type('html').send(message.html);
  });

  return router;
}
