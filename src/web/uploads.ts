// File uploads (multipart forms): read into memory before the CSRF check, which needs the
// form's token, and only for a signed-in user, so nobody else can make the shop hold a file.
// A file over the limit is not an error page: the handler finds `uploadError` and says so
// beside the field.
import type { RequestHandler } from 'express';
import multer from 'multer';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export function acceptUpload(field: string, maxBytes = MAX_UPLOAD_BYTES): RequestHandler {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 50 } }).single(field);
  return (req, res, next) => {
    if (!req.user || !req.is('multipart/form-data')) return next();
    parse(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        req.uploadError = error.code === 'LIMIT_FILE_SIZE' ? 'uploads.too_large' : 'uploads.failed';
        return next();
      }
      next(error);
    });
  };
}

// The uploaded file's bytes, or the message to show beside the field.
export function uploadedFile(req: import('express').Request): { ok: true; name: string; data: Buffer } | { ok: false; error: string } {
  if (req.uploadError) return { ok: false, error: req.uploadError };
  if (!req.file || req.file.size === 0) return { ok: false, error: 'uploads.missing' };
  // The name is the browser's: kept as text PostgreSQL can store.
  return { ok: true, name: req.file.originalname.replace(/\u0000/g, ''), data: req.file.buffer };
}
