// Public API of core/protocol: wire codecs for Bolt (SOFARPC) and Dubbo 2. See README.md.

export { ProtocolError, isProtocolError, type ProtocolErrorReason } from './errors.js';
export { defaultFrameDecoderOptions, type FrameDecoderOptions } from './frame-decoder.js';

export {
  BoltCodec,
  BoltCommandCode,
  BoltCommandType,
  BoltProtocolCode,
  BoltResponseStatus,
  boltResponseStatusName,
  type BoltResponseStatusName,
} from './bolt/constants.js';
export {
  boltFrameLength,
  decodeBoltFrame,
  defaultBoltFraming,
  encodeBoltFrame,
  type BoltFrame,
  type BoltFraming,
  type BoltHeartbeat,
  type BoltHeartbeatAck,
  type BoltRequest,
  type BoltResponse,
} from './bolt/frame.js';
export { decodeBoltHeaderMap, encodeBoltHeaderMap } from './bolt/header-map.js';
export { BoltFrameDecoder } from './bolt/frame-decoder.js';

export {
  SofaHeader,
  SofaTraceKey,
  SOFA_REQUEST_CLASS,
  SOFA_RESPONSE_CLASS,
  RPC_SERVER_EXCEPTION_CLASS,
  headersUnder,
  sofaCallHeaders,
  sofaServiceName,
  type SofaHeaderFields,
} from './sofarpc/headers.js';
export { decodeSofaRequest, encodeSofaRequest, type DecodedSofaCall, type SofaCall, type SofaRequestOptions } from './sofarpc/sofa-request.js';
export {
  decodeSofaResponse,
  encodeSofaResponse,
  type SofaReply,
  type SofaResult,
  type SofaServerError,
} from './sofarpc/sofa-response.js';
export { SofaProtobufCodec, loadProtobufRoot, type ProtobufReply } from './sofarpc/protobuf.js';

export {
  DEFAULT_DUBBO_VERSION,
  DUBBO_HEADER_BYTES,
  DubboFlag,
  DubboResponseKind,
  DubboSerialization,
  DubboStatus,
  dubboStatusName,
} from './dubbo/constants.js';
export { decodeDubboFrame, dubboFrameLength, encodeDubboFrame, type DubboFrame } from './dubbo/frame.js';
export { DubboFrameDecoder } from './dubbo/frame-decoder.js';
export { decodeDubboRequest, encodeDubboRequest, type DecodedDubboCall, type DubboCall } from './dubbo/request.js';
export { decodeDubboResponse, encodeDubboResponse, javaException, type DubboReply } from './dubbo/response.js';
export { decodeDubboEvent, encodeDubboHeartbeat } from './dubbo/event.js';

export { detectHessianFlavor, type HessianFlavor, type HessianShape, type ValueShape } from './hessian/hessian2.js';
export { JavaTypedMap, carriesJavaType } from './hessian/java-shape.js';
export { JavaException, JsonJavaException } from './hessian/java-exception.js';
export { asJava, fromHessian, inferHessian, toHessian, type HessianValue, type JsonValue } from './java/java-types.js';
export { JsonAsJava, type JsonShape } from './java/json-as-java.js';
export { argTypesDescriptor, javaTypeDescriptor, parseArgTypesDescriptor } from './java/descriptor.js';
export { parseJavaType, javaTypeName, type JavaTypeRef } from './java/type-names.js';
