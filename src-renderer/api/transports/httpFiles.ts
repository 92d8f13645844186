/**
 * @file Server-mode file transfer beside the RPC calls: uploads (`PUT /api/upload?name=…` with the
 * file as the body, answered by a result envelope `{uploadId, bytes}`) and export download links
 * (`/api/exports/<name>?token=…`). Uses XMLHttpRequest for upload progress.
 */
import { ResultSchema, StudioError } from '../../../src-main/contract';

export type UploadResult = { uploadId: string; bytes: number };

export type FileAccess = {
  upload(
    file: File,
    onProgress?: (sent: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<UploadResult>;
  exportUrl(name: string): string;
};

/** The download address of an export; the token rides in the query because a link cannot set headers. */
export function exportUrl(baseUrl: string, token: string | null, name: string): string {
  const url = new URL(`/api/exports/${encodeURIComponent(name)}`, baseUrl);
  if (token !== null) url.searchParams.set('token', token);
  return url.toString();
}

/** Parse the upload's answer: an envelope whose value is `{uploadId, bytes}`. */
export function parseUploadAnswer(status: number, text: string): UploadResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new StudioError('IO_ERROR', `upload failed: HTTP ${status} without a result envelope`);
  }
  const parsed = ResultSchema.safeParse(body);
  if (!parsed.success) throw new StudioError('IO_ERROR', `upload failed: HTTP ${status}, unexpected answer`);
  if (!parsed.data.ok) throw StudioError.fromPayload(parsed.data.error);
  const value = parsed.data.value as Partial<UploadResult> | null;
  if (typeof value?.uploadId !== 'string' || typeof value.bytes !== 'number') {
    throw new StudioError('IO_ERROR', 'upload failed: the answer has no upload id');
  }
  return { uploadId: value.uploadId, bytes: value.bytes };
}

export function createHttpFiles(baseUrl: string, token: string | null): FileAccess {
  return {
    exportUrl: (name) => exportUrl(baseUrl, token, name),
    upload: (file, onProgress, signal) =>
      new Promise<UploadResult>((resolve, reject) => {
        const request = new XMLHttpRequest();
        signal?.addEventListener('abort', () => request.abort());
        request.onabort = () => reject(new StudioError('CANCELLED', `upload of ${file.name} cancelled`));
        request.open('PUT', `${baseUrl}/api/upload?name=${encodeURIComponent(file.name)}`);
        if (token !== null) request.setRequestHeader('Authorization', `Bearer ${token}`);
        request.upload.onprogress = (event) => onProgress?.(event.loaded, event.total || file.size);
        request.onerror = () =>
          reject(new StudioError('IO_ERROR', `upload of ${file.name} failed (network)`));
        request.onload = () => {
          try {
            resolve(parseUploadAnswer(request.status, request.responseText));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        };
        request.send(file);
      }),
  };
}
