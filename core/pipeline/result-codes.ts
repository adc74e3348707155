/**
 * Gantry's one result-code table. Every answer the gateway makes itself, and every backend status it
 * passes through, is labelled with one of these codes; nothing else in the code base invents a code.
 * The rows follow the production gateway's summary table (see docs/result-codes.md for the full list,
 * the reference's unclear points and what Gantry does about them); a test keeps this file, the docs
 * table and the reference in step.
 *
 * This module is a leaf: it imports nothing, so the SDK, plugins and every core folder may use it.
 */

/** One row of the table. */
export interface ResultCodeEntry {
  /** The 4-digit result code sent in `x-gateway-result-code` and in the error body. */
  readonly code: number;
  /** Unique name of the row; equals its key in {@link ResultCodes}. */
  readonly name: string;
  /**
   * HTTP status the gateway answers with. For pass-through rows it is nominal: the gateway forwards
   * the backend's real status and only labels it with the code.
   */
  readonly httpStatus: number;
  /** The reference's memo identifier, spelled exactly as the reference writes it. */
  readonly memo: string;
  /** Short explanation for the caller; goes into the error body's `tips`. */
  readonly tips: string;
  /** True for codes Gantry adds; the reference has no such row. */
  readonly gantryOwn?: true;
  /** True when the code labels a backend status the gateway forwards unchanged. */
  readonly passThrough?: true;
}

/**
 * Every result code, keyed by a unique name. The key is the memo, except where the reference reuses a
 * memo for several codes: MockResponseContentConvertError is the memo of 4202, 6000–6006 and 6666, so
 * 4202 keeps the plain memo as key and the others append their code (`MockResponseContentConvertError6000`).
 * `name` always equals the key; `memo` always stays the reference's identifier.
 */
export const ResultCodes = {
  // 1xxx: success, rate limiting, mock, pass-through of backend 1xx/2xx, health check
  success: { code: 1000, name: 'success', httpStatus: 200, memo: 'success',
    tips: 'The call succeeded.' },
  TooManyRequests: { code: 1002, name: 'TooManyRequests', httpStatus: 429, memo: 'TooManyRequests',
    tips: 'The gateway rate limit for this API was reached; retry later or raise the limit in the API traffic settings.' },
  DefaultMockStatus: { code: 1100, name: 'DefaultMockStatus', httpStatus: 200, memo: 'DefaultMockStatus',
    tips: 'The API is in mock mode; this answer is the configured mock, not a backend response.' },
  BizHttpContinue: { code: 1800, name: 'BizHttpContinue', httpStatus: 100, memo: 'BizHttpContinue', passThrough: true,
    tips: 'Backend status 100 Continue, passed through; check the backend logs.' },
  BizCreated: { code: 1801, name: 'BizCreated', httpStatus: 201, memo: 'BizCreated', passThrough: true,
    tips: 'Backend status 201 Created, passed through; check the backend logs.' },
  BizAccepted: { code: 1802, name: 'BizAccepted', httpStatus: 202, memo: 'BizAccepted', passThrough: true,
    tips: 'Backend status 202 Accepted, passed through; check the backend logs.' },
  BizNonAuthoritativeInformation: { code: 1803, name: 'BizNonAuthoritativeInformation', httpStatus: 203, memo: 'BizNonAuthoritativeInformation', passThrough: true,
    tips: 'Backend status 203 Non-Authoritative Information, passed through; check the backend logs.' },
  BizNoContent: { code: 1804, name: 'BizNoContent', httpStatus: 204, memo: 'BizNoContent', passThrough: true,
    tips: 'Backend status 204 No Content, passed through; check the backend logs.' },
  BizResetContent: { code: 1805, name: 'BizResetContent', httpStatus: 205, memo: 'BizResetContent', passThrough: true,
    tips: 'Backend status 205 Reset Content, passed through; check the backend logs.' },
  BizPartialContent: { code: 1806, name: 'BizPartialContent', httpStatus: 206, memo: 'BizPartialContent', passThrough: true,
    tips: 'Backend status 206 Partial Content, passed through; check the backend logs.' },
  BizMultiStatus: { code: 1807, name: 'BizMultiStatus', httpStatus: 207, memo: 'BizMultiStatus', passThrough: true,
    tips: 'Backend status 207 Multi-Status, passed through; check the backend logs.' },
  BizAlreadyReported: { code: 1808, name: 'BizAlreadyReported', httpStatus: 208, memo: 'BizAlreadyReported', passThrough: true,
    tips: 'Backend status 208 Already Reported, passed through; check the backend logs.' },
  BizIMUsed: { code: 1809, name: 'BizIMUsed', httpStatus: 226, memo: 'BizIMUsed', passThrough: true,
    tips: 'Backend status 226 IM Used, passed through; check the backend logs.' },
  BizOtherSuccess: { code: 1899, name: 'BizOtherSuccess', httpStatus: 200, memo: 'BizOtherSuccess', gantryOwn: true, passThrough: true,
    tips: 'The backend answered a 1xx/2xx status the table has no code for; the real status is passed through.' },
  SuccessForHttpHealthCheck: { code: 1999, name: 'SuccessForHttpHealthCheck', httpStatus: 200, memo: 'SuccessForHttpHealthCheck',
    tips: 'Answer to an HTTP health-check probe of the gateway itself.' },
  // 21xx: request/response signing and verification
  RequestSignatureNotFound: { code: 2100, name: 'RequestSignatureNotFound', httpStatus: 400, memo: 'RequestSignatureNotFound',
    tips: 'The request carries no signature; sign it and send it again.' },
  RequestSignatureParseError: { code: 2101, name: 'RequestSignatureParseError', httpStatus: 400, memo: 'RequestSignatureParseError',
    tips: 'The request signature is malformed; check how the client builds it.' },
  RequestSignatureVerifyError: { code: 2102, name: 'RequestSignatureVerifyError', httpStatus: 400, memo: 'RequestSignatureVerifyError',
    tips: 'The request signature does not verify; check the client AK/SK.' },
  RequestReSignatureError: { code: 2103, name: 'RequestReSignatureError', httpStatus: 502, memo: 'RequestReSignatureError',
    tips: 'The gateway could not sign its call to the backend; only SHA256 is supported.' },
  ResponseSignatureVerifyError: { code: 2104, name: 'ResponseSignatureVerifyError', httpStatus: 400, memo: 'ResponseSignatureVerifyError',
    tips: 'The backend response signature does not verify; check the service AK/SK.' },
  ResponseSignatureError: { code: 2105, name: 'ResponseSignatureError', httpStatus: 400, memo: 'ResponseSignatureError',
    tips: 'The gateway could not sign its response to the client; only SHA256 is supported.' },
  ResponseSignatureParseError: { code: 2107, name: 'ResponseSignatureParseError', httpStatus: 400, memo: 'ResponseSignatureParseError',
    tips: 'The backend response signature is malformed; check how the backend builds it.' },
  ResponseSignatureKeyIdNotMatch: { code: 2108, name: 'ResponseSignatureKeyIdNotMatch', httpStatus: 400, memo: 'ResponseSignatureKeyIdNotMatch',
    tips: 'The key id in the backend response signature is not the expected AK.' },
  ServiceAkNotFound: { code: 2109, name: 'ServiceAkNotFound', httpStatus: 502, memo: 'ServiceAkNotFound',
    tips: 'The gateway has no AK configured for this backend service.' },
  ServiceSkNotFound: { code: 2110, name: 'ServiceSkNotFound', httpStatus: 502, memo: 'ServiceSkNotFound',
    tips: 'The gateway has no SK configured for this backend service.' },
  ResponseSignatureNotFoundError: { code: 2111, name: 'ResponseSignatureNotFoundError', httpStatus: 400, memo: 'ResponseSignatureNotFoundError',
    tips: 'The backend response is not signed; the backend must sign it.' },
  ResponseDigestVerifyError: { code: 2112, name: 'ResponseDigestVerifyError', httpStatus: 400, memo: 'ResponseDigestVerifyError',
    tips: 'The body digest of the backend response does not match the body.' },
  ClientAppKeyNotFound: { code: 2113, name: 'ClientAppKeyNotFound', httpStatus: 403, memo: 'ClientAppKeyNotFound',
    tips: 'The gateway knows no client app with this AK.' },
  ClientSecretKeyNotFound: { code: 2114, name: 'ClientSecretKeyNotFound', httpStatus: 403, memo: 'ClientSecretKeyNotFound',
    tips: 'The gateway has no SK for this client app.' },
  RequestVerifyTsError: { code: 2115, name: 'RequestVerifyTsError', httpStatus: 400, memo: 'RequestVerifyTsError',
    tips: 'The request timestamp is outside the allowed window (most likely expired).' },
  RequestVerifyDigestError: { code: 2116, name: 'RequestVerifyDigestError', httpStatus: 400, memo: 'RequestVerifyDigestError',
    tips: 'The request body digest does not match the body.' },
  // 23xx: app authorization
  NoAccessForThisAppId: { code: 2300, name: 'NoAccessForThisAppId', httpStatus: 403, memo: 'NoAccessForThisAppId',
    tips: 'The calling app has not been granted access to this API.' },
  // 3xxx: routing and request lookup
  RouterNotFound: { code: 3000, name: 'RouterNotFound', httpStatus: 400, memo: 'RouterNotFound',
    tips: 'No published API matches this request; check its path, method and group.' },
  RouterGroupNotFound: { code: 3001, name: 'RouterGroupNotFound', httpStatus: 400, memo: 'RouterGroupNotFound',
    tips: 'No API group matches this request host or x-gateway-group header.' },
  NoSofaRpcRequestHeaderFound: { code: 3002, name: 'NoSofaRpcRequestHeaderFound', httpStatus: 400, memo: 'NoSofaRpcRequestHeaderFound',
    tips: 'The SOFARPC request has no request header.' },
  NoSofaRpcRequestHostFound: { code: 3003, name: 'NoSofaRpcRequestHostFound', httpStatus: 400, memo: 'NoSofaRpcRequestHostFound',
    tips: 'The SOFARPC request names no target host.' },
  NoAppFound: { code: 3103, name: 'NoAppFound', httpStatus: 400, memo: 'NoAppFound',
    tips: 'No app matches the AK the client sent.' },
  NoTenantFound: { code: 3104, name: 'NoTenantFound', httpStatus: 400, memo: 'NoTenantFound',
    tips: 'The app has no tenant information.' },
  NoWorkspaceFound: { code: 3105, name: 'NoWorkspaceFound', httpStatus: 400, memo: 'NoWorkspaceFound',
    tips: 'The app has no workspace information.' },
  RequestBodyTooLarge: { code: 3990, name: 'RequestBodyTooLarge', httpStatus: 413, memo: 'RequestBodyTooLarge', gantryOwn: true,
    tips: 'The request body is larger than the gateway accepts.' },
  RequestHeaderFieldsTooLarge: { code: 3991, name: 'RequestHeaderFieldsTooLarge', httpStatus: 431, memo: 'RequestHeaderFieldsTooLarge', gantryOwn: true,
    tips: 'The request headers are larger than the gateway accepts.' },
  RequestBodyTimeout: { code: 3992, name: 'RequestBodyTimeout', httpStatus: 408, memo: 'RequestBodyTimeout', gantryOwn: true,
    tips: 'The client did not finish sending the request body in time.' },
  ClientClosedRequest: { code: 3993, name: 'ClientClosedRequest', httpStatus: 499, memo: 'ClientClosedRequest', gantryOwn: true,
    tips: 'The client closed the connection before its answer was complete.' },
  BadRequest: { code: 3999, name: 'BadRequest', httpStatus: 400, memo: 'BadRequest',
    tips: 'The request is malformed.' },
  // 4xxx: upstream invocation, SOFARPC decoding, mock setup
  NoProxyServiceFound: { code: 4000, name: 'NoProxyServiceFound', httpStatus: 400, memo: 'NoProxyServiceFound',
    tips: 'There is no backend endpoint to call; check the backend cluster addresses.' },
  InvokeServiceTimeout: { code: 4001, name: 'InvokeServiceTimeout', httpStatus: 504, memo: 'InvokeServiceTimeout',
    tips: 'The backend did not answer within the API timeout.' },
  UnknownProxyError: { code: 4002, name: 'UnknownProxyError', httpStatus: 502, memo: 'UnknownProxyError',
    tips: 'The backend call failed: unreachable, refused, serialization error, or blocked by an IP policy.' },
  SofaResponseHeaderCodeConvertError: { code: 4003, name: 'SofaResponseHeaderCodeConvertError', httpStatus: 502, memo: 'SofaResponseHeaderCodeConvertError',
    tips: 'The result code in the SOFARPC response header could not be read.' },
  NoSofaRpcMethodFound: { code: 4010, name: 'NoSofaRpcMethodFound', httpStatus: 406, memo: 'NoSofaRpcMethodFound',
    tips: 'The target SOFARPC method does not exist on the service.' },
  NoSofaRpcServiceFound: { code: 4011, name: 'NoSofaRpcServiceFound', httpStatus: 406, memo: 'NoSofaRpcServiceFound',
    tips: 'The target SOFARPC service was not found.' },
  SofaRpcResponseDecodeError: { code: 4100, name: 'SofaRpcResponseDecodeError', httpStatus: 502, memo: 'SofaRpcResponseDecodeError',
    tips: 'The SOFARPC response could not be decoded.' },
  SofaRpcRequestDecodeError: { code: 4101, name: 'SofaRpcRequestDecodeError', httpStatus: 400, memo: 'SofaRpcRequestDecodeError',
    tips: 'The SOFARPC request could not be decoded.' },
  SetMockResponseError: { code: 4200, name: 'SetMockResponseError', httpStatus: 502, memo: 'SetMockResponseError',
    tips: 'The mock response could not be applied; check the mock format.' },
  MockResponseCodeConvertError: { code: 4201, name: 'MockResponseCodeConvertError', httpStatus: 502, memo: 'MockResponseCodeConvertError',
    tips: 'The mock result code is not a 4-digit positive integer.' },
  MockResponseContentConvertError: { code: 4202, name: 'MockResponseContentConvertError', httpStatus: 502, memo: 'MockResponseContentConvertError',
    tips: 'The mock response content could not be parsed; check its format.' },
  // 5xxx: gateway faults, SOFARPC upstream statuses, loop guard
  UnknownError: { code: 5000, name: 'UnknownError', httpStatus: 502, memo: 'UnknownError',
    tips: 'An unexpected gateway error.' },
  ContextNotFoundError: { code: 5001, name: 'ContextNotFoundError', httpStatus: 502, memo: 'ContextNotFoundError',
    tips: 'Gateway fault: the request context was lost.' },
  NoListenerConfigFound: { code: 5002, name: 'NoListenerConfigFound', httpStatus: 502, memo: 'NoListenerConfigFound',
    tips: 'Gateway fault: no listener configuration for this port; contact the gateway team.' },
  NoListenerInstanceFound: { code: 5003, name: 'NoListenerInstanceFound', httpStatus: 502, memo: 'NoListenerInstanceFound',
    tips: 'Gateway fault: no running listener for this port; contact the gateway team.' },
  NoDownProtocolSupport: { code: 5004, name: 'NoDownProtocolSupport', httpStatus: 502, memo: 'NoDownProtocolSupport',
    tips: 'The client-side protocol is not supported on this listener.' },
  InternalServerError: { code: 5005, name: 'InternalServerError', httpStatus: 500, memo: 'InternalServerError',
    tips: 'The SOFARPC response arrived without its response header.' },
  SofaRpcCodecException: { code: 5006, name: 'SofaRpcCodecException', httpStatus: 502, memo: 'SofaRpcCodecException',
    tips: 'The SOFARPC backend reported an encode/decode failure.' },
  SofaRpcCodecUnknownException: { code: 5007, name: 'SofaRpcCodecUnknownException', httpStatus: 502, memo: 'SofaRpcCodecUnknownException',
    tips: 'The SOFARPC backend reported an unknown exception.' },
  SofaRpcCodecDeserialException: { code: 5008, name: 'SofaRpcCodecDeserialException', httpStatus: 502, memo: 'SofaRpcCodecDeserialException',
    tips: 'The SOFARPC backend failed to deserialize the call.' },
  SofaRpcCodecPermissionDenied: { code: 5009, name: 'SofaRpcCodecPermissionDenied', httpStatus: 502, memo: 'SofaRpcCodecPermissionDenied',
    tips: 'The SOFARPC backend answered 403 (permission denied).' },
  SofaRpcRouterUnavailable: { code: 5010, name: 'SofaRpcRouterUnavailable', httpStatus: 502, memo: 'SofaRpcRouterUnavailable',
    tips: 'The SOFARPC backend answered 404 (no route to the service).' },
  SofaRpcNoHealthUpstream: { code: 5011, name: 'SofaRpcNoHealthUpstream', httpStatus: 502, memo: 'SofaRpcNoHealthUpstream',
    tips: 'The SOFARPC backend answered 502: unreachable, misconfigured, or a serialization failure.' },
  SofaRpcUpstreamOverFlow: { code: 5012, name: 'SofaRpcUpstreamOverFlow', httpStatus: 429, memo: 'SofaRpcUpstreamOverFlow',
    tips: 'The SOFARPC backend answered 503 (overloaded).' },
  SofaRpcTimeout: { code: 5013, name: 'SofaRpcTimeout', httpStatus: 504, memo: 'SofaRpcTimeout',
    tips: 'The SOFARPC backend answered 504 (timed out).' },
  SofaRpcLimitExceeded: { code: 5015, name: 'SofaRpcLimitExceeded', httpStatus: 503, memo: 'SofaRpcLimitExceeded',
    tips: 'The SOFARPC backend answered 509 (limit exceeded).' },
  ParseResultCodeError: { code: 5016, name: 'ParseResultCodeError', httpStatus: 502, memo: 'ParseResultCodeError',
    tips: 'The SOFARPC result code could not be matched.' },
  RecursiveTooManyTime: { code: 5101, name: 'RecursiveTooManyTime', httpStatus: 503, memo: 'RecursiveTooManyTime',
    tips: 'The call looped back through the gateway too many times.' },
  RecursiveParseError: { code: 5102, name: 'RecursiveParseError', httpStatus: 503, memo: 'RecursiveParseError',
    tips: 'The looped-back call could not be parsed.' },
  // 6xxx: mock errors and pass-through of backend 3xx/4xx/5xx
  MockResponseContentConvertError6000: { code: 6000, name: 'MockResponseContentConvertError6000', httpStatus: 503, memo: 'MockResponseContentConvertError',
    tips: 'The mock response could not be applied; check the mock format.' },
  MockResponseContentConvertError6001: { code: 6001, name: 'MockResponseContentConvertError6001', httpStatus: 503, memo: 'MockResponseContentConvertError',
    tips: 'The mock response could not be applied; check the mock format.' },
  MockResponseContentConvertError6002: { code: 6002, name: 'MockResponseContentConvertError6002', httpStatus: 503, memo: 'MockResponseContentConvertError',
    tips: 'The mock response could not be applied; check the mock format.' },
  MockResponseContentConvertError6003: { code: 6003, name: 'MockResponseContentConvertError6003', httpStatus: 503, memo: 'MockResponseContentConvertError',
    tips: 'The mock response could not be applied; check the mock format.' },
  MockResponseContentConvertError6004: { code: 6004, name: 'MockResponseContentConvertError6004', httpStatus: 503, memo: 'MockResponseContentConvertError',
    tips: 'The mock response could not be applied; check the mock format.' },
  MockResponseContentConvertError6005: { code: 6005, name: 'MockResponseContentConvertError6005', httpStatus: 503, memo: 'MockResponseContentConvertError',
    tips: 'The mock response could not be applied; check the mock format.' },
  MockResponseContentConvertError6006: { code: 6006, name: 'MockResponseContentConvertError6006', httpStatus: 503, memo: 'MockResponseContentConvertError',
    tips: 'The mock response could not be applied; check the mock format.' },
  BizMultipleChoices: { code: 6100, name: 'BizMultipleChoices', httpStatus: 300, memo: 'BizMultipleChoices', passThrough: true,
    tips: 'Backend status 300 Multiple Choices, passed through; check the backend logs.' },
  BizMovedPermanently: { code: 6101, name: 'BizMovedPermanently', httpStatus: 301, memo: 'BizMovedPermanently', passThrough: true,
    tips: 'Backend status 301 Moved Permanently, passed through; check the backend logs.' },
  BizFound: { code: 6102, name: 'BizFound', httpStatus: 302, memo: 'BizFound', passThrough: true,
    tips: 'Backend status 302 Found, passed through; check the backend logs.' },
  BizSeeOther: { code: 6103, name: 'BizSeeOther', httpStatus: 303, memo: 'BizSeeOther', passThrough: true,
    tips: 'Backend status 303 See Other, passed through; check the backend logs.' },
  BizNotModified: { code: 6104, name: 'BizNotModified', httpStatus: 304, memo: 'BizNotModified', passThrough: true,
    tips: 'Backend status 304 Not Modified, passed through; check the backend logs.' },
  BizUseProxy: { code: 6105, name: 'BizUseProxy', httpStatus: 305, memo: 'BizUseProxy', passThrough: true,
    tips: 'Backend status 305 Use Proxy, passed through; check the backend logs.' },
  BizTemporaryRedirect: { code: 6106, name: 'BizTemporaryRedirect', httpStatus: 307, memo: 'BizTemporaryRedirect', passThrough: true,
    tips: 'Backend status 307 Temporary Redirect, passed through; check the backend logs.' },
  BizPermanentRedirect: { code: 6107, name: 'BizPermanentRedirect', httpStatus: 308, memo: 'BizPermanentRedirect', passThrough: true,
    tips: 'Backend status 308 Permanent Redirect, passed through; check the backend logs.' },
  BizOtherRedirection: { code: 6199, name: 'BizOtherRedirection', httpStatus: 300, memo: 'BizOtherRedirection', gantryOwn: true, passThrough: true,
    tips: 'The backend answered a 3xx status the table has no code for; the real status is passed through.' },
  BizBadRequest: { code: 6201, name: 'BizBadRequest', httpStatus: 400, memo: 'BizBadRequest', passThrough: true,
    tips: 'The backend rejected the request as bad (400); status passed through, check the backend logs.' },
  BizUnauthorized: { code: 6202, name: 'BizUnauthorized', httpStatus: 401, memo: 'BizUnauthorized', passThrough: true,
    tips: 'Backend status 401 Unauthorized, passed through; check the backend logs.' },
  BizPaymentRequired: { code: 6203, name: 'BizPaymentRequired', httpStatus: 402, memo: 'BizPaymentRequired', passThrough: true,
    tips: 'Backend status 402 Payment Required, passed through; check the backend logs.' },
  BizForbidden: { code: 6204, name: 'BizForbidden', httpStatus: 403, memo: 'BizForbidden', passThrough: true,
    tips: 'Backend status 403 Forbidden, passed through; check the backend logs.' },
  BizNotFound: { code: 6205, name: 'BizNotFound', httpStatus: 404, memo: 'BizNotFound', passThrough: true,
    tips: 'Backend status 404 Not Found, passed through; check the backend logs.' },
  BizMethodNotAllowed: { code: 6206, name: 'BizMethodNotAllowed', httpStatus: 405, memo: 'BizMethodNotAllowed', passThrough: true,
    tips: 'Backend status 405 Method Not Allowed, passed through; check the backend logs.' },
  BizNotAcceptable: { code: 6207, name: 'BizNotAcceptable', httpStatus: 406, memo: 'BizNotAcceptable', passThrough: true,
    tips: 'Backend status 406 Not Acceptable, passed through; check the backend logs.' },
  BizProxyAuthenticationRequired: { code: 6208, name: 'BizProxyAuthenticationRequired', httpStatus: 407, memo: 'BizProxyAuthenticationRequired', passThrough: true,
    tips: 'Backend status 407 Proxy Authentication Required, passed through; check the backend logs.' },
  BizRequestTimeout: { code: 6209, name: 'BizRequestTimeout', httpStatus: 408, memo: 'BizRequestTimeout', passThrough: true,
    tips: 'Backend status 408 Request Timeout, passed through; check the backend logs.' },
  BizConflict: { code: 6210, name: 'BizConflict', httpStatus: 409, memo: 'BizConflict', passThrough: true,
    tips: 'Backend status 409 Conflict, passed through; check the backend logs.' },
  BizGone: { code: 6211, name: 'BizGone', httpStatus: 410, memo: 'BizGone', passThrough: true,
    tips: 'Backend status 410 Gone, passed through; check the backend logs.' },
  BizLengthRequired: { code: 6212, name: 'BizLengthRequired', httpStatus: 411, memo: 'BizLengthRequired', passThrough: true,
    tips: 'Backend status 411 Length Required, passed through; check the backend logs.' },
  BizPreconditionFailed: { code: 6213, name: 'BizPreconditionFailed', httpStatus: 412, memo: 'BizPreconditionFailed', passThrough: true,
    tips: 'Backend status 412 Precondition Failed, passed through; check the backend logs.' },
  BizPayloadTooLarge: { code: 6214, name: 'BizPayloadTooLarge', httpStatus: 413, memo: 'BizPayloadTooLarge', passThrough: true,
    tips: 'Backend status 413 Content Too Large, passed through; check the backend logs.' },
  BizURITooLong: { code: 6215, name: 'BizURITooLong', httpStatus: 414, memo: 'BizURITooLong', passThrough: true,
    tips: 'Backend status 414 Request-URI Too Long, passed through; check the backend logs.' },
  BizUnsupportedMediaType: { code: 6216, name: 'BizUnsupportedMediaType', httpStatus: 415, memo: 'BizUnsupportedMediaType', passThrough: true,
    tips: 'Backend status 415 Unsupported Media Type, passed through; check the backend logs.' },
  BizRangeNotSatisfiable: { code: 6217, name: 'BizRangeNotSatisfiable', httpStatus: 416, memo: 'BizRangeNotSatisfiable', passThrough: true,
    tips: 'Backend status 416 Requested Range Not Satisfiable, passed through; check the backend logs.' },
  BizExpectationFailed: { code: 6218, name: 'BizExpectationFailed', httpStatus: 417, memo: 'BizExpectationFailed', passThrough: true,
    tips: 'Backend status 417 Expectation Failed, passed through; check the backend logs.' },
  BizMisdirectedRequest: { code: 6219, name: 'BizMisdirectedRequest', httpStatus: 421, memo: 'BizMisdirectedRequest', passThrough: true,
    tips: 'Backend status 421 Misdirected Request, passed through; check the backend logs.' },
  BizUnprocessableEntity: { code: 6220, name: 'BizUnprocessableEntity', httpStatus: 422, memo: 'BizUnprocessableEntity', passThrough: true,
    tips: 'Backend status 422 Unprocessable Content, passed through; check the backend logs.' },
  BizLocked: { code: 6221, name: 'BizLocked', httpStatus: 423, memo: 'BizLocked', passThrough: true,
    tips: 'Backend status 423 Locked, passed through; check the backend logs.' },
  BizFailedDependency: { code: 6222, name: 'BizFailedDependency', httpStatus: 424, memo: 'BizFailedDependency', passThrough: true,
    tips: 'Backend status 424 Failed Dependency, passed through; check the backend logs.' },
  BizUpgradeRequired: { code: 6223, name: 'BizUpgradeRequired', httpStatus: 426, memo: 'BizUpgradeRequired', passThrough: true,
    tips: 'Backend status 426 Upgrade Required, passed through; check the backend logs.' },
  BizPreconditionRequired: { code: 6224, name: 'BizPreconditionRequired', httpStatus: 428, memo: 'BizPreconditionRequired', passThrough: true,
    tips: 'Backend status 428 Precondition Required, passed through; check the backend logs.' },
  BizTooManyRequests: { code: 6225, name: 'BizTooManyRequests', httpStatus: 429, memo: 'BizTooManyRequests', passThrough: true,
    tips: 'Backend status 429 Too Many Requests, passed through; check the backend logs.' },
  BizRequestHeaderFieldsTooLarge: { code: 6226, name: 'BizRequestHeaderFieldsTooLarge', httpStatus: 431, memo: 'BizRequestHeaderFieldsTooLarge', passThrough: true,
    tips: 'Backend status 431 Request Header Fields Too Large, passed through; check the backend logs.' },
  BizOtherClientError: { code: 6299, name: 'BizOtherClientError', httpStatus: 400, memo: 'BizOtherClientError', gantryOwn: true, passThrough: true,
    tips: 'The backend answered a 4xx status the table has no code for; the real status is passed through.' },
  BizInternalServerError: { code: 6301, name: 'BizInternalServerError', httpStatus: 500, memo: 'BizInternalServerError', passThrough: true,
    tips: 'Backend status 500 Internal Server Error, passed through; check the backend logs.' },
  BizNotImplemented: { code: 6302, name: 'BizNotImplemented', httpStatus: 501, memo: 'BizNotImplemented', passThrough: true,
    tips: 'Backend status 501 Not Implemented, passed through; check the backend logs.' },
  BizBadGateway: { code: 6303, name: 'BizBadGateway', httpStatus: 502, memo: 'BizBadGateway', passThrough: true,
    tips: 'The backend answered 502 (port down, serialization problem or service fault); status passed through, check the backend logs.' },
  BizServiceUnavailable: { code: 6304, name: 'BizServiceUnavailable', httpStatus: 503, memo: 'BizServiceUnavailable', passThrough: true,
    tips: 'Backend status 503 Service Unavailable, passed through; check the backend logs.' },
  BizGatewayTimeout: { code: 6305, name: 'BizGatewayTimeout', httpStatus: 504, memo: 'BizGatewayTimeout', passThrough: true,
    tips: 'The backend answered 504; status passed through, check the backend logs.' },
  BizHTTPVersionNotSupported: { code: 6306, name: 'BizHTTPVersionNotSupported', httpStatus: 505, memo: 'BizHTTPVersionNotSupported', passThrough: true,
    tips: 'Backend status 505 HTTP Version Not Supported, passed through; check the backend logs.' },
  BizVariantAlsoNegotiates: { code: 6307, name: 'BizVariantAlsoNegotiates', httpStatus: 506, memo: 'BizVariantAlsoNegotiates', passThrough: true,
    tips: 'Backend status 506 Variant Also Negotiates, passed through; check the backend logs.' },
  BizInsufficientStorage: { code: 6308, name: 'BizInsufficientStorage', httpStatus: 507, memo: 'BizInsufficientStorage', passThrough: true,
    tips: 'Backend status 507 Insufficient Storage, passed through; check the backend logs.' },
  BizLoopDetected: { code: 6309, name: 'BizLoopDetected', httpStatus: 508, memo: 'BizLoopDetected', passThrough: true,
    tips: 'Backend status 508 Loop Detected, passed through; check the backend logs.' },
  BizNotExtended: { code: 6310, name: 'BizNotExtended', httpStatus: 510, memo: 'BizNotExtended', passThrough: true,
    tips: 'Backend status 510 Not Extended, passed through; check the backend logs.' },
  BizNetworkAuthenticationRequiredMultipleChoices: { code: 6311, name: 'BizNetworkAuthenticationRequiredMultipleChoices', httpStatus: 511, memo: 'BizNetworkAuthenticationRequiredMultipleChoices', passThrough: true,
    tips: 'Backend status 511 Network Authentication Required, passed through; check the backend logs.' },
  BizOtherServerError: { code: 6399, name: 'BizOtherServerError', httpStatus: 500, memo: 'BizOtherServerError', gantryOwn: true, passThrough: true,
    tips: 'The backend answered a 5xx (or out-of-range) status the table has no code for; the real status is passed through.' },
  MockResponseContentConvertError6666: { code: 6666, name: 'MockResponseContentConvertError6666', httpStatus: 503, memo: 'MockResponseContentConvertError',
    tips: 'The mock response could not be applied; check the mock format.' },
  // 7xxx: crypto and compression, external authorization, filters, parameter mapping
  DecryptionFailed: { code: 7001, name: 'DecryptionFailed', httpStatus: 503, memo: 'DecryptionFailed',
    tips: 'Decryption failed; client and server encryption settings, keys and key type must match.' },
  EncryptionFailed: { code: 7002, name: 'EncryptionFailed', httpStatus: 503, memo: 'EncryptionFailed',
    tips: 'Encryption failed; check the encryption settings, keys and key type.' },
  GzipError: { code: 7006, name: 'GzipError', httpStatus: 503, memo: 'GzipError',
    tips: 'Compressing the body failed.' },
  UnGzipError: { code: 7007, name: 'UnGzipError', httpStatus: 503, memo: 'UnGzipError',
    tips: 'Decompressing the body failed; check the compressed data format and that the keys match.' },
  RemoteAuthFail: { code: 7300, name: 'RemoteAuthFail', httpStatus: 400, memo: 'RemoteAuthFail',
    tips: 'The external authorization service rejected the request.' },
  RemoteAuthError: { code: 7301, name: 'RemoteAuthError', httpStatus: 502, memo: 'RemoteAuthError',
    tips: 'The call to the external authorization service failed.' },
  UnknownFilterError: { code: 7777, name: 'UnknownFilterError', httpStatus: 502, memo: 'UnknownFilterError',
    tips: 'A filter (plugin) failed unexpectedly.' },
  RequestParamExpressionParseError: { code: 7900, name: 'RequestParamExpressionParseError', httpStatus: 502, memo: 'RequestParamExpressionParseError',
    tips: 'A request parameter-mapping expression is invalid.' },
  RequestParamParseError: { code: 7901, name: 'RequestParamParseError', httpStatus: 502, memo: 'RequestParamParseError',
    tips: 'The request parameters could not be parsed for mapping.' },
  RequestParamRenderError: { code: 7902, name: 'RequestParamRenderError', httpStatus: 502, memo: 'RequestParamRenderError',
    tips: 'The mapped request parameters could not be rendered.' },
  ResponseParamExpressionParseError: { code: 7903, name: 'ResponseParamExpressionParseError', httpStatus: 502, memo: 'ResponseParamExpressionParseError',
    tips: 'A response parameter-mapping expression is invalid.' },
  ResponseParamParseError: { code: 7904, name: 'ResponseParamParseError', httpStatus: 502, memo: 'ResponseParamParseError',
    tips: 'The response parameters could not be parsed for mapping.' },
  ResponseParamRenderError: { code: 7905, name: 'ResponseParamRenderError', httpStatus: 502, memo: 'ResponseParamRenderError',
    tips: 'The mapped response parameters could not be rendered.' },
  // 8xxx: CORS, access control, LDC routing
  CorsSuccess: { code: 8002, name: 'CorsSuccess', httpStatus: 200, memo: 'CorsSuccess',
    tips: 'The CORS check passed (for a preflight, the gateway answered it).' },
  CorsError: { code: 8003, name: 'CorsError', httpStatus: 200, memo: 'CorsError',
    tips: 'CORS handling failed while building the response.' },
  AccessControlForbidden: { code: 8101, name: 'AccessControlForbidden', httpStatus: 403, memo: 'AccessControlForbidden',
    tips: 'Access control blocked this request.' },
  NoLdcLdcConfigFound: { code: 8200, name: 'NoLdcLdcConfigFound', httpStatus: 502, memo: 'NoLdcLdcConfigFound',
    tips: 'The LDC routing configuration is missing; submit the LDC routing settings again.' },
  NoLdcUidFound: { code: 8201, name: 'NoLdcUidFound', httpStatus: 403, memo: 'NoLdcUidFound',
    tips: 'The request carries no uid for LDC routing; set the uid parameter in the LDC rule.' },
  LdcUidIsTooShort: { code: 8202, name: 'LdcUidIsTooShort', httpStatus: 403, memo: 'LdcUidIsTooShort',
    tips: 'The uid is too short to take the LDC routing segment from.' },
} as const satisfies Record<string, ResultCodeEntry>;

/** Name (key) of a row of {@link ResultCodes}. */
export type ResultCodeName = keyof typeof ResultCodes;

/** Every result code number in the table, as a union of literals. */
export type ResultCode = (typeof ResultCodes)[ResultCodeName]['code'];

/**
 * Codes that were once in the table and have been taken out. A retired code is never given to a new
 * meaning, because clients and log queries may still key on it. Empty for now.
 */
export const RETIRED_RESULT_CODES: readonly number[] = Object.freeze([]);

const ALL_ENTRIES: readonly ResultCodeEntry[] = Object.freeze(Object.values(ResultCodes));

/** The codes Gantry adds to the reference table (see "Gantry's own codes" in docs/result-codes.md). */
export const GANTRY_OWN_CODES: readonly number[] = Object.freeze(
  ALL_ENTRIES.filter((entry) => entry.gantryOwn === true).map((entry) => entry.code),
);

const ENTRY_BY_CODE: ReadonlyMap<number, ResultCodeEntry> = new Map(ALL_ENTRIES.map((entry) => [entry.code, entry]));

/** The row for a result code number, or undefined when the table has no such code. */
export function resultCodeByNumber(code: number): ResultCodeEntry | undefined {
  return ENTRY_BY_CODE.get(code);
}

// Index 0..599 → pass-through row, filled once so the per-response lookup is one array read.
const PASS_THROUGH_BY_STATUS: readonly ResultCodeEntry[] = buildPassThroughIndex();

function buildPassThroughIndex(): readonly ResultCodeEntry[] {
  const index: ResultCodeEntry[] = [];
  // Statuses below 100 are not HTTP; like every unlisted status they get the generic "other" code.
  for (let status = 0; status < 600; status++) {
    if (status >= 100 && status < 300) index.push(ResultCodes.BizOtherSuccess);
    else if (status >= 300 && status < 400) index.push(ResultCodes.BizOtherRedirection);
    else if (status >= 400 && status < 500) index.push(ResultCodes.BizOtherClientError);
    else index.push(ResultCodes.BizOtherServerError);
  }
  for (const entry of ALL_ENTRIES) {
    if (entry.passThrough === true && entry.gantryOwn !== true) index[entry.httpStatus] = entry;
  }
  // A plain 200 is the ordinary success, not a "Biz" code.
  index[200] = ResultCodes.success;
  return Object.freeze(index);
}

/**
 * The pass-through row that labels a backend's HTTP status: 200 → 1000 success, other 1xx/2xx → 18xx,
 * 3xx → 61xx, 4xx → 62xx, 5xx → 63xx as the reference numbers them. A status the reference has no row
 * for (418, 425, 509, 599 …) gets Gantry's generic 1899 / 6199 / 6299 / 6399. Anything outside
 * 100–599 (or not an integer) is not a valid HTTP status and gets 6399; it cannot be forwarded as is,
 * so the caller answers with that row's nominal status.
 */
export function passThroughCodeForStatus(status: number): ResultCodeEntry {
  return PASS_THROUGH_BY_STATUS[status] ?? ResultCodes.BizOtherServerError;
}
