// Result codes a plugin commonly answers with; any code of the gateway's table is accepted
// (core/pipeline/result-codes.ts, docs/result-codes.md).
export namespace ResultCode {
  export const Success: u16 = 1000;
  export const TooManyRequests: u16 = 1002;
  export const NoAccessForThisAppId: u16 = 2300;
  export const BadRequest: u16 = 3999;
  export const RemoteAuthFail: u16 = 7300;
  export const UnknownFilterError: u16 = 7777;
  export const AccessControlForbidden: u16 = 8101;
}
