// EJS pages inside a layout: a page renders first, then its layout (views/layouts/<name>.ejs)
// around it as `body`. A page picks its layout with `layout: 'staff'`, or none with `layout: false`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import type { Express, Response } from 'express';

export const viewsDir = fileURLToPath(new URL('../../views/', import.meta.url));

type RenderOptions = Record<string, unknown> & { layout?: string | false; cache?: boolean };

// Includes are written from the views folder ('/partials/field'): ejs then resolves them
// without looking at the disk on every render, which relative includes do.
const ejsOptions = (cache: boolean | undefined) => ({ cache, root: viewsDir });
type Callback = (err: Error | null, html?: string) => void;

export function renderWithLayout(file: string, options: RenderOptions, done: Callback): void {
  ejs.renderFile(file, options, ejsOptions(options.cache), (err, body) => {
    if (err) return done(err);
    if (options.layout === false) return done(null, body);
    const layout = path.join(viewsDir, 'layouts', `${options.layout ?? 'shop'}.ejs`);
    ejs.renderFile(layout, { ...options, body, pageTitle: pageTitleOf(body ?? '') }, ejsOptions(options.cache), done);
  });
}

// The document title is the page's own <h1>: one heading to write, and they always agree.
// It is already escaped by the page's render; only tags are stripped.
function pageTitleOf(html: string): string {
  const match = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return match ? match[1].replace(/<[^>]*>/g, '').trim() : '';
}

export function useViews(app: Express, cache: boolean): void {
  app.engine('ejs', renderWithLayout as never);
  app.set('view engine', 'ejs');
  app.set('views', viewsDir);
  app.set('view cache', cache);
}

// Mails and other renders outside a request: same templates, no layout unless asked.
export function renderTemplate(relative: string, data: Record<string, unknown>): Promise<string> {
  return ejs.renderFile(path.join(viewsDir, relative), data, { ...ejsOptions(true), async: false }) as Promise<string>;
}

// A back-office page: in the staff layout.
export function renderStaff(res: Response, view: string, locals: Record<string, unknown>, status = 200): void {
  res.status(status).render(view, { layout: 'staff', ...locals });
}
