/**
 * A Java exception read from a Hessian stream (any class whose name ends in `Exception`, as
 * hessian.js decides too): `name` is the Java class, `message` its detailMessage, `fields` all of
 * its serialized fields (stackTrace, cause, …).
 */
export class JavaException extends Error {
  override readonly name: string;
  readonly fields: Record<string, unknown>;

  constructor(className: string, fields: Record<string, unknown>) {
    super(typeof fields.detailMessage === 'string' ? fields.detailMessage : className);
    this.name = className;
    this.fields = fields;
  }
}

/**
 * A Java exception in the json shape (Hessian2Decoder with `json`): `{ exception, message }`, as
 * fromHessian renders a JavaException, but still recognisable as an exception by its class.
 */
export class JsonJavaException {
  constructor(
    readonly exception: string,
    readonly message: string,
  ) {}
}
