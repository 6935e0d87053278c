import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApiClientError,
  type AudienceMismatchError,
  type ConfigurationError,
  type ForeignOriginError,
  type HTTPError,
  type InsufficientScopeError,
  isApiClientError,
  isAudienceMismatchError,
  isForeignOriginError,
  isHTTPError,
  isInsufficientScopeError,
  isNotAuthenticatedError,
  type NotAuthenticatedError,
  type NotAuthenticatedReason,
} from '../../src/index.js';

declare const error: unknown;

describe('type guards narrow an unknown catch value', () => {
  it('isNotAuthenticatedError → reason, request, response', () => {
    if (isNotAuthenticatedError(error)) {
      expectTypeOf(error).toEqualTypeOf<NotAuthenticatedError>();
      expectTypeOf(error.reason).toEqualTypeOf<NotAuthenticatedReason>();
      expectTypeOf(error.request).toEqualTypeOf<Request | undefined>();
      expectTypeOf(error.response).toEqualTypeOf<Response | undefined>();
    }
    expectTypeOf<NotAuthenticatedReason>().toEqualTypeOf<
      'signed-out' | 'refresh-failed' | 'token-rejected'
    >();
  });

  it('isInsufficientScopeError → scope, and the request/response are always there', () => {
    if (isInsufficientScopeError(error)) {
      expectTypeOf(error).toEqualTypeOf<InsufficientScopeError>();
      expectTypeOf(error.scope).toEqualTypeOf<readonly string[]>();
      expectTypeOf(error.request).toEqualTypeOf<Request>();
      expectTypeOf(error.response).toEqualTypeOf<Response>();
    }
  });

  it('isAudienceMismatchError → expected, actual', () => {
    if (isAudienceMismatchError(error)) {
      expectTypeOf(error).toEqualTypeOf<AudienceMismatchError>();
      expectTypeOf(error.expected).toEqualTypeOf<string>();
      expectTypeOf(error.actual).toEqualTypeOf<readonly string[]>();
    }
  });

  it('isForeignOriginError → origin, allowedOrigin', () => {
    if (isForeignOriginError(error)) {
      expectTypeOf(error.origin).toEqualTypeOf<string>();
      expectTypeOf(error.allowedOrigin).toEqualTypeOf<string>();
    }
  });

  it('isApiClientError → code; ky errors keep their own guard', () => {
    if (isApiClientError(error)) {
      expectTypeOf(error).toEqualTypeOf<ApiClientError>();
      expectTypeOf(error.code).toEqualTypeOf<string>();
    }
    if (isHTTPError(error)) expectTypeOf(error.response.status).toEqualTypeOf<number>();
  });

  it('guards do not narrow to anything else', () => {
    if (isNotAuthenticatedError(error)) {
      // @ts-expect-error a NotAuthenticatedError has no scope
      error.scope;
    }
    if (isAudienceMismatchError(error)) {
      // @ts-expect-error an AudienceMismatchError has no reason
      error.reason;
    }
  });
});

describe('error classes', () => {
  it('extend one base class and Error, with literal names to switch on', () => {
    expectTypeOf<NotAuthenticatedError>().toExtend<ApiClientError>();
    expectTypeOf<AudienceMismatchError>().toExtend<ApiClientError>();
    expectTypeOf<InsufficientScopeError>().toExtend<ApiClientError>();
    expectTypeOf<ForeignOriginError>().toExtend<ApiClientError>();
    expectTypeOf<ConfigurationError>().toExtend<ApiClientError>();
    expectTypeOf<ApiClientError>().toExtend<Error>();
    expectTypeOf<NotAuthenticatedError['name']>().toEqualTypeOf<'NotAuthenticatedError'>();
    expectTypeOf<AudienceMismatchError['name']>().toEqualTypeOf<'AudienceMismatchError'>();
    expectTypeOf<InsufficientScopeError['name']>().toEqualTypeOf<'InsufficientScopeError'>();
    expectTypeOf<HTTPError>().toExtend<Error>();
  });
});
