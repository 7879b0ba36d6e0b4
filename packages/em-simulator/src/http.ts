import type { IncomingHttpHeaders, ServerResponse } from 'node:http'
import { type Doc, type ErrorInfo, errorDoc } from './docs.ts'
import { JSON_TYPE, XML_TYPE } from './faults.ts'
import type { JsonCase } from './types.ts'

/** EM is a WCF self-host on http.sys (EM_API_FACTS §5/§6). */
export const SERVER_HEADER = 'Microsoft-HTTPAPI/2.0'

/** .NET HttpStatusCode names, which http.sys sends as reason phrases (`400 BadRequest`, EM_API_FACTS §5). */
export const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'NoContent',
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
}

/** DECISIONS: one media type decides; `application/json` anywhere in Accept means JSON, anything else XML. */
export function wantsJson(headers: IncomingHttpHeaders): boolean {
  return /application\/json/i.test(headers.accept ?? '')
}

/** The negotiated representation: XML, or JSON with the key casing in force. */
export type Format = 'xml' | JsonCase

export function formatOf(headers: IncomingHttpHeaders, casing: JsonCase): Format {
  return wantsJson(headers) ? casing : 'xml'
}

export type Rendered = { bytes: Buffer; contentType: string }

export function render(doc: Doc, format: Format): Rendered {
  return format === 'xml'
    ? { bytes: Buffer.from(doc.xml(), 'utf8'), contentType: XML_TYPE }
    : { bytes: Buffer.from(doc.json(format), 'utf8'), contentType: JSON_TYPE }
}

export function send(
  res: ServerResponse,
  status: number,
  body: Rendered | null,
  headers: Record<string, string> = {},
): void {
  const all: Record<string, string> = { Server: SERVER_HEADER, ...headers }
  if (body) {
    all['Content-Type'] = body.contentType
    all['Content-Length'] = String(body.bytes.length)
  } else if (status !== 204) {
    all['Content-Length'] = '0'
  }
  res.writeHead(status, REASONS[status] ?? undefined, all)
  res.end(body ? body.bytes : undefined)
}

export function errorInfo(statusCode: number, message: string, firstChance: string | null = null): ErrorInfo {
  return { message, statusCode, status: null, firstChanceExceptionMessage: firstChance, stackTrace: null }
}

export function sendError(
  res: ServerResponse,
  format: Format,
  statusCode: number,
  message: string,
  headers: Record<string, string> = {},
  firstChance: string | null = null,
): void {
  send(res, statusCode, render(errorDoc(errorInfo(statusCode, message, firstChance)), format), headers)
}
