export { queueEmail, deliverEmail, createMailer, renderEmail, SEND_EMAIL_TASK, type EmailRequest } from './service.ts';
export { startMailCatcher, type MailCatcher, type CaughtEmail } from './catcher.ts';
export { mailboxRoutes } from './routes.ts';
export { relayOutbox, startOutboxRelay } from './relay.ts';
