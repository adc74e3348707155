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
