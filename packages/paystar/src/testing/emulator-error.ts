/** Thrown by the emulator's controls for something a real page would refuse. */
export class PaystarEmulatorError extends Error {
  constructor(
    message: string,
    /** The HTTP status the embedded page answers with for it (400, 404, 409, 410). */
    readonly status: number,
  ) {
    super(message)
    this.name = 'PaystarEmulatorError'
  }
}
